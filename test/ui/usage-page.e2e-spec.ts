import { jest } from '@jest/globals';
import type { Browser, Page, Request } from 'playwright-core';
import { launchChromium, loopbackContext } from './support/browser.js';
import { ECHO_MODEL } from './support/echo-upstream.js';
import { chat, useKey, writeAccess, type AccessSetup } from './support/routing-and-access.js';
import { startUiGateway, type UiTestSetup } from './support/ui-gateway.js';

// A real browser on a loaded 2-core machine: pages and clicks get seconds, not milliseconds.
jest.setTimeout(60_000);
const UI_TIMEOUT_MS = 15_000;

let access: AccessSetup;
let setup: UiTestSetup;
let browser: Browser;

beforeAll(async () => {
  access = writeAccess();
  [setup, browser] = await Promise.all([startUiGateway(access.env), launchChromium()]);
  // team-search: two calls to the OpenAI mock ($0.017 each: 9 input and 4 output tokens) and one to the echo upstream ($0.0011: 5 and 3).
  await chat(setup.gateway.url, 'openai/gpt-4o-mini', access.member);
  await chat(setup.gateway.url, 'openai/gpt-4o-mini', access.member);
  await chat(setup.gateway.url, `deepseek/${ECHO_MODEL}`, access.member);
  // platform (admin): one call to the OpenAI mock.
  await chat(setup.gateway.url, 'openai/gpt-4o-mini', access.admin);
});

afterAll(async () => {
  await browser?.close();
  await setup?.close();
  access?.file.remove();
});

/** The usage page opened from the navigation, with `key` pasted; every request the page makes is recorded. */
async function openUsage(key: string): Promise<{ page: Page; requests: Request[] }> {
  const page = await (await loopbackContext(browser)).newPage();
  page.setDefaultTimeout(UI_TIMEOUT_MS);
  const requests: Request[] = [];
  page.on('request', (request) => requests.push(request));
  await page.goto(`${setup.gateway.url}/ui/`);
  await useKey(page, key);
  await page.getByRole('navigation', { name: 'Pages' }).getByRole('link', { name: 'Usage' }).click();
  await page.getByTestId('usage-totals').waitFor();
  return { page, requests };
}

/** The facts above the charts, `name: value`. */
const totalsOf = (page: Page) =>
  page
    .getByTestId('usage-totals')
    .evaluate((list) => [...list.querySelectorAll('dt')].map((term) => `${term.textContent}: ${term.nextElementSibling?.textContent}`));
/** A chart's text alternative. */
const chartText = (page: Page, name: string) => page.getByRole('img', { name: new RegExp(`^${name}:`) }).getAttribute('aria-label');
/** The start of the period `days` covers, as the API says. */
const usageFrom = async (days: number) => {
  const response = await fetch(`${setup.gateway.url}/v1/usage?days=${days}`, { headers: { authorization: `Bearer ${access.admin}` } });
  return ((await response.json()) as { from?: string }).from;
};
const tableRows = (page: Page, caption: string) => page.getByRole('table', { name: caption }).getByRole('row').allTextContents();

describe('the usage page', () => {
  it('asks for a key first: the gateway refuses the usage of no one', async () => {
    const page = await (await loopbackContext(browser)).newPage();
    page.setDefaultTimeout(UI_TIMEOUT_MS);
    await page.goto(`${setup.gateway.url}/ui/usage`);
    const alert = page.getByRole('alert').filter({ hasText: 'Paste an API key' });
    await alert.waitFor();
    expect(await alert.textContent()).toMatch(
      /^Not signed in, or the token was refused \(HTTP 401\): Missing credentials.*Paste an API key \(or sign in\) to see its usage\.$/,
    );
    await page.context().close();
  });

  it('shows a caller its own spend and tokens, by model, as charts and as a table', async () => {
    const { page, requests } = await openUsage(access.member);
    expect(new URL(page.url()).pathname).toBe('/ui/usage');
    const usageCall = requests.find((request) => new URL(request.url()).pathname === '/v1/usage')!;
    expect(usageCall.url()).toBe(`${setup.gateway.url}/v1/usage?days=1`);
    expect(usageCall.headers().authorization).toBe(`Bearer ${access.member}`);

    expect((await totalsOf(page)).slice(1)).toEqual(['Your key: team-search', 'Requests: 3', 'Tokens: 23 in, 11 out', 'Spend: $0.0351']);
    expect(await chartText(page, 'Spend by model')).toBe(`Spend by model: openai/gpt-4o-mini: $0.0340; deepseek/${ECHO_MODEL}: $0.00110`);
    expect(await chartText(page, 'Tokens by model')).toBe(
      `Tokens by model: openai/gpt-4o-mini: 26 (18 input, 8 output); deepseek/${ECHO_MODEL}: 8 (5 input, 3 output)`,
    );
    expect(await chartText(page, 'Spend by caller')).toBe('Spend by caller: team-search: $0.0351');
    expect(await tableRows(page, 'Usage by model')).toEqual([
      'ModelRequestsInput tokensOutput tokensCached inputSpend',
      'openai/gpt-4o-mini21880$0.0340',
      `deepseek/${ECHO_MODEL}1530$0.00110`,
    ]);
    expect(await tableRows(page, 'Usage by caller')).toEqual([
      'CallerRequestsInput tokensOutput tokensCached inputSpendBudgetLimits',
      'team-search323110$0.0351—600 requests/min, 200,000 tokens/min',
    ]);
    // Bars in proportion: the echo upstream's spend is 0.0011 / 0.034 of the OpenAI mock's.
    const widths = await page
      .getByRole('img', { name: /^Spend by model:/ })
      .locator('rect')
      .evaluateAll((bars) => bars.map((bar) => bar.getAttribute('width')));
    expect(widths.map((width) => Number.parseFloat(width ?? ''))).toEqual([76, expect.closeTo((76 * 0.0011) / 0.034, 5)]);
    await page.context().close();
  });

  it('shows an admin every caller, with budgets, and reads the period chosen', async () => {
    const { page, requests } = await openUsage(access.admin);
    // Most spent first.
    expect(await chartText(page, 'Spend by caller')).toBe('Spend by caller: team-search: $0.0351; platform: $0.0170');
    expect(await chartText(page, 'Tokens by caller')).toBe('Tokens by caller: team-search: 34 (23 input, 11 output); platform: 13 (9 input, 4 output)');
    const [header, member, platform] = await tableRows(page, 'Usage by caller');
    expect(header).toBe('CallerRequestsInput tokensOutput tokensCached inputSpendBudgetLimits');
    expect(platform).toMatch(/^platform1940\$0\.0170\$0\.0170 of \$5 \(30d\), resets .+—$/);
    expect(member).toBe('team-search323110$0.0351—600 requests/min, 200,000 tokens/min');
    expect((await totalsOf(page)).slice(1)).toEqual([
      'Your key: platform', // the gateway lists the caller itself first, an admin too
      'Callers shown: 2 (an admin sees every caller)',
      'Requests: 4',
      'Tokens: 32 in, 15 out',
      'Spend: $0.0521',
    ]);

    const [today, ...figures] = await totalsOf(page);
    await page.getByRole('combobox', { name: 'Period' }).selectOption({ label: 'Last 7 days' });
    await page.waitForResponse((response) => response.url() === `${setup.gateway.url}/v1/usage?days=7`);
    await page.waitForFunction((shown) => {
      const page = globalThis as unknown as { document: { querySelector(selector: string): { textContent: string | null } | null } };
      return page.document.querySelector('[data-testid=usage-totals] dd')?.textContent !== shown;
    }, today.slice('Since: '.length));
    const [weekStart, ...weekFigures] = await totalsOf(page);
    const sixDaysBefore = await page.evaluate((iso) => new Date(new Date(iso).getTime() - 6 * 86_400_000).toLocaleString(), (await usageFrom(1))!);
    expect(weekStart).toBe(`Since: ${sixDaysBefore}`);
    expect(weekFigures).toEqual(figures); // everything was used today
    expect(requests.filter((request) => new URL(request.url()).pathname === '/v1/usage').map((request) => new URL(request.url()).search)).toEqual([
      '?days=1',
      '?days=7',
    ]);
    await page.context().close();
  });
});
