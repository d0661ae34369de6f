import { jest } from '@jest/globals';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, loopbackContext } from './support/browser.js';
import { ECHO_MODEL } from './support/echo-upstream.js';
import { FLAKY_ALIAS, startRouting, type RoutingSetup } from './support/routing-and-access.js';
import { startUiGateway, type UiTestSetup } from './support/ui-gateway.js';

// A real browser on a loaded 2-core machine: pages and clicks get seconds, not milliseconds.
jest.setTimeout(60_000);
const UI_TIMEOUT_MS = 15_000;

let routing: RoutingSetup;
let setup: UiTestSetup;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  routing = await startRouting();
  [setup, browser] = await Promise.all([startUiGateway(routing.env), launchChromium()]);
  page = await (await loopbackContext(browser)).newPage();
  page.setDefaultTimeout(UI_TIMEOUT_MS);
});

afterAll(async () => {
  await browser?.close();
  await setup?.close();
  await routing?.close();
});

describe('the status page', () => {
  beforeAll(async () => {
    await page.goto(`${setup.gateway.url}/ui/`);
    await page.getByRole('navigation', { name: 'Pages' }).getByRole('link', { name: 'Status' }).click();
    await page.getByRole('table', { name: 'Configured providers' }).waitFor();
  });

  it('is reached from the navigation, at /ui/status', async () => {
    expect(new URL(page.url()).pathname).toBe('/ui/status');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Status');
  });

  it('shows version and readiness', async () => {
    const facts = page.locator('dl.facts');
    expect(await facts.textContent()).toBe('Version0.1.0Readinessready');
  });

  it('lists a provider that is down with the reason, and the ones that are up with their model count', async () => {
    const ollama = page.getByTestId('provider-ollama');
    expect(await ollama.getByRole('cell').first().textContent()).toBe('down Error: connect ECONNREFUSED 127.0.0.1:1');
    expect(await page.getByTestId('provider-openai').getByRole('cell').first().textContent()).toBe('up · 2 models');
    expect(await page.getByTestId('provider-deepseek').getByRole('cell').first().textContent()).toBe('up · 1 model');
    expect(await page.getByTestId('provider-openai').getByRole('cell').nth(2).textContent()).toMatch(/^[\d.]+ m?s$/); // ms below a second, s above
  });

  it('lists the providers that are not configured, with what they need', async () => {
    await page.getByText(/^Not configured \(\d+\)$/).click();
    expect(await page.getByRole('listitem').filter({ hasText: 'mistral' }).textContent()).toBe('mistral: set MISTRAL_API_KEY');
  });

  it('lists the models again, then reads the status again, on Refresh', async () => {
    const paths: string[] = [];
    page.on('request', (request) => paths.push(new URL(request.url()).pathname));
    const statusRead = page.waitForResponse((response) => new URL(response.url()).pathname === '/v1/status');
    await page.getByRole('button', { name: 'Refresh' }).click();
    expect((await statusRead).status()).toBe(200);
    expect(paths.filter((path) => path.startsWith('/v1/'))).toEqual(['/v1/models', '/v1/status']);
    expect(await page.getByTestId('provider-ollama').getByRole('cell').first().textContent()).toContain('ECONNREFUSED');
  });
});

/** The rows of an alias's table, as text, header first. */
const rowsOf = (name: string) =>
  page
    .getByRole('table', { name: new RegExp(`^${name} `) })
    .getByRole('row')
    .allTextContents();

describe('routing aliases on the status page', () => {
  beforeAll(async () => {
    await page.goto(`${setup.gateway.url}/ui/status`);
    await page.getByRole('region', { name: 'Routing aliases' }).waitFor();
  });

  it("lists the routing file's aliases with their strategy, each deployment with its priority or weight, breakers closed", async () => {
    expect(
      await page
        .getByRole('region', { name: 'Routing aliases' })
        .getByRole('table')
        .evaluateAll((tables) => tables.map((table) => table.querySelector('caption')?.textContent)),
    ).toEqual([`${FLAKY_ALIAS} (priority)`, 'balanced (weighted)']);
    expect(await rowsOf(FLAKY_ALIAS)).toEqual(['DeploymentPriorityBreaker', 'openai/gpt-4o-mini1closed', `deepseek/${ECHO_MODEL}2closed`]);
    expect(await rowsOf('balanced')).toEqual(['DeploymentWeightBreaker', 'openai/gpt-4o-mini3no breaker', `deepseek/${ECHO_MODEL}1no breaker`]);
    expect(await page.getByRole('region', { name: 'Routes' }).count()).toBe(0); // the file has no routes
  });

  it('shows a deployment whose upstream failed as open, and until when, after answers came from the next deployment', async () => {
    // Two messages from the playground to the alias: the failing upstream is tried first each time, the echo upstream answers.
    await page.getByRole('link', { name: 'Playground' }).click();
    await page.getByRole('combobox', { name: 'Model' }).selectOption(FLAKY_ALIAS);
    for (const [index, message] of ['first try', 'second try'].entries()) {
      await page.getByRole('textbox', { name: 'Message' }).fill(message);
      await page.getByRole('button', { name: 'Send' }).click();
      await page.getByTestId('answer-metrics').nth(index).waitFor();
      expect(await page.getByTestId('answer-text').nth(index).textContent()).toBe(message);
    }
    expect(routing.flaky.requests).toHaveLength(2);

    await page.getByRole('link', { name: 'Status' }).click();
    await page.getByRole('region', { name: 'Routing aliases' }).waitFor();
    const { aliases } = (await (await fetch(`${setup.gateway.url}/v1/status`)).json()) as {
      aliases: Array<{ name: string; deployments: Array<{ breaker: { until?: string } }> }>;
    };
    const until = aliases.find((alias) => alias.name === FLAKY_ALIAS)!.deployments[0].breaker.until!;
    const shownUntil = await page.evaluate((iso) => new Date(iso).toLocaleTimeString(), until);
    expect(await rowsOf(FLAKY_ALIAS)).toEqual(['DeploymentPriorityBreaker', `openai/gpt-4o-mini1open until ${shownUntil}`, `deepseek/${ECHO_MODEL}2closed`]);
    expect(
      await page
        .getByRole('table', { name: new RegExp(`^${FLAKY_ALIAS} `) })
        .locator('.badge.down')
        .textContent(),
    ).toBe('open');
  });
});

describe('without an access file', () => {
  it('lists no Usage page, and its address explains that the gateway keeps no usage', async () => {
    await page.goto(`${setup.gateway.url}/ui/`);
    const navigation = page.getByRole('navigation', { name: 'Pages' });
    await navigation.getByRole('link', { name: 'Status' }).waitFor();
    expect(await navigation.getByRole('link').allTextContents()).toEqual(['Playground', 'Status']);

    await page.goto(`${setup.gateway.url}/ui/usage`);
    const explanation = page.getByRole('status').filter({ hasText: 'keeps no usage' });
    await explanation.waitFor();
    expect(await explanation.textContent()).toMatch(
      /^This gateway keeps no usage: spend and tokens are recorded only when it has an access file \(ACCESS_CONFIG_PATH/,
    );
    expect(await page.getByRole('figure').count()).toBe(0);
  });
});
