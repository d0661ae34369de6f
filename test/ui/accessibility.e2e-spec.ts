import { jest } from '@jest/globals';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { seriousAccessibilityViolations } from './support/axe.js';
import { launchChromium, loopbackContext, REPORTS, VIEWPORTS } from './support/browser.js';
import { ECHO_MODEL } from './support/echo-upstream.js';
import { chat, FLAKY_ALIAS, startRouting, writeAccess, type AccessSetup, type RoutingSetup } from './support/routing-and-access.js';
import { showPlaygroundWithAnswers, showStatusWithOpenBreaker, showUsage } from './support/sample-pages.js';
import { startUiGateway, type UiTestSetup } from './support/ui-gateway.js';

// Chromium renders and axe checks a few hundred elements per page: seconds each on a loaded 2-core machine.
jest.setTimeout(90_000);

let routing: RoutingSetup;
let access: AccessSetup;
let setup: UiTestSetup;
let browser: Browser;

// Every page of a gateway with a routing file and an access file: the pages ask for a key, the
// status page shows an alias with a breaker open, the usage page has figures for two callers.
beforeAll(async () => {
  mkdirSync(REPORTS, { recursive: true });
  routing = await startRouting();
  access = writeAccess();
  [setup, browser] = await Promise.all([startUiGateway({ ...routing.env, ...access.env }), launchChromium()]);
  for (const model of [FLAKY_ALIAS, FLAKY_ALIAS, 'openai/gpt-4o-mini']) await chat(setup.gateway.url, model, access.member);
  await chat(setup.gateway.url, `deepseek/${ECHO_MODEL}`, access.admin);
});

afterAll(async () => {
  await browser?.close();
  await setup?.close();
  await routing?.close();
  access?.file.remove();
});

const PAGES: Record<string, (page: Page, url: string, key: string) => Promise<void>> = {
  playground: showPlaygroundWithAnswers,
  status: showStatusWithOpenBreaker,
  usage: showUsage,
};
const cases = Object.keys(PAGES).flatMap((name) =>
  (Object.keys(VIEWPORTS) as Array<keyof typeof VIEWPORTS>).flatMap((viewport) =>
    (['light', 'dark'] as const).map((scheme) => [name, viewport, scheme] as const),
  ),
);

describe.each(cases)('the %s page at %s width, %s theme', (name, viewport, scheme) => {
  let page: Page;

  beforeAll(async () => {
    const context = await loopbackContext(browser, { viewport: VIEWPORTS[viewport], colorScheme: scheme });
    page = await context.newPage();
    page.setDefaultTimeout(15_000);
    await PAGES[name](page, setup.gateway.url, access.admin);
  });

  afterAll(() => page?.context().close());

  it('has no serious or critical accessibility violations (axe-core)', async () => {
    expect(await seriousAccessibilityViolations(page)).toEqual([]);
  });

  it('fits the width without scrolling sideways, and is photographed into reports/ui/', async () => {
    const { scrollWidth, clientWidth } = await page.evaluate(() => {
      const root = (globalThis as unknown as { document: { documentElement: { scrollWidth: number; clientWidth: number } } }).document.documentElement;
      return { scrollWidth: root.scrollWidth, clientWidth: root.clientWidth };
    });
    expect(scrollWidth).toBeLessThanOrEqual(clientWidth);
    const path = join(REPORTS, `${name}-${viewport}-${scheme}.png`);
    const image = await page.screenshot({ path, fullPage: true });
    expect(image.length).toBeGreaterThan(1_000);
  });
});

it('labels every control the tests and screen readers rely on', async () => {
  const context = await loopbackContext(browser);
  const page = await context.newPage();
  await page.goto(`${setup.gateway.url}/ui/`);
  await page.getByRole('button', { name: 'Send', exact: true }).waitFor(); // the app renders once its settings have loaded
  for (const [role, name] of [
    ['combobox', 'Model'],
    ['textbox', 'Message'],
    ['button', 'Send'],
    ['button', 'Stop'],
    ['textbox', 'System prompt'],
    ['spinbutton', 'Temperature'],
    ['spinbutton', 'Max tokens'],
  ] as const) {
    expect([role, name, await page.getByRole(role, { name, exact: true }).count()]).toEqual([role, name, 1]);
  }
  await context.close();
});
