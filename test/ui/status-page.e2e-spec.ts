import { jest } from '@jest/globals';
import type { Browser, Page } from 'playwright-core';
import { launchChromium, loopbackContext } from './support/browser.js';
import { startUiGateway, type UiTestSetup } from './support/ui-gateway.js';

// A real browser on a loaded 2-core machine: pages and clicks get seconds, not milliseconds.
jest.setTimeout(60_000);
const UI_TIMEOUT_MS = 15_000;

let setup: UiTestSetup;
let browser: Browser;
let page: Page;

beforeAll(async () => {
  [setup, browser] = await Promise.all([startUiGateway(), launchChromium()]);
  page = await (await loopbackContext(browser)).newPage();
  page.setDefaultTimeout(UI_TIMEOUT_MS);
});

afterAll(async () => {
  await browser?.close();
  await setup?.close();
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

  it('shows no routing aliases or usage while the gateway reports none', async () => {
    expect(await page.getByRole('heading', { name: 'Routing aliases' }).count()).toBe(0);
    expect(await page.getByRole('heading', { name: 'Usage' }).count()).toBe(0);
  });

  it('shows routing aliases and usage once the status answer carries them', async () => {
    // Stands in for gateway versions that report them: the page renders what it is given, and nothing it is not.
    await page.route('**/v1/status', async (route) => {
      const response = await route.fetch();
      const body = (await response.json()) as Record<string, unknown>;
      await route.fulfill({
        response,
        json: { ...body, aliases: [{ alias: 'fast', deployment: 'openai/gpt-4o-mini', breaker: 'closed' }], usage: { total_tokens: 42 } },
      });
    });
    await page.getByRole('button', { name: 'Refresh' }).click();
    const aliases = page.getByRole('region', { name: 'Routing aliases' });
    await aliases.waitFor();
    expect(await aliases.getByRole('row').allTextContents()).toEqual(['aliasdeploymentbreaker', 'fastopenai/gpt-4o-miniclosed']);
    expect(await page.getByRole('region', { name: 'Usage' }).locator('pre').textContent()).toBe('{\n  "total_tokens": 42\n}');
    await page.unroute('**/v1/status');
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
