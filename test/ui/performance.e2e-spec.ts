import { jest } from '@jest/globals';
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { gzipSync } from 'node:zlib';
import type { Browser } from 'playwright-core';
import { launchChromium, loopbackContext, REPORTS, ROOT } from './support/browser.js';
import { startUiGateway, type UiTestSetup } from './support/ui-gateway.js';

// Several cold page loads in a real browser on a loaded 2-core machine.
jest.setTimeout(90_000);

const BUILT = resolve(ROOT, 'dist/web-ui');
/** What a first visit downloads (JavaScript and CSS, gzip) must stay below this. */
const INITIAL_BUDGET_BYTES = 60 * 1024;
const LOADS = 5;

let setup: UiTestSetup;
let browser: Browser;

beforeAll(async () => {
  mkdirSync(REPORTS, { recursive: true });
  [setup, browser] = await Promise.all([startUiGateway(), launchChromium()]);
});

afterAll(async () => {
  await browser?.close();
  await setup?.close();
});

const gzipSize = (file: string) => gzipSync(readFileSync(join(BUILT, file))).length;
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

it('keeps the first visit small and fast, and writes the figures to reports/ui/metrics.json', async () => {
  const html = readFileSync(join(BUILT, 'index.html'), 'utf8');
  const initial = [...html.matchAll(/(?:src|href)="\/ui\/(assets\/[^"]+\.(?:js|css))"/g)].map((match) => match[1]);
  const lazy = readdirSync(join(BUILT, 'assets'))
    .map((name) => `assets/${name}`)
    .filter((file) => !initial.includes(file));
  const initialGzipBytes = initial.reduce((total, file) => total + gzipSize(file), 0);
  const lazyGzipBytes = lazy.reduce((total, file) => total + gzipSize(file), 0);

  // Cold loads (a fresh context: empty cache) until the Model combobox lists the models.
  const loads: Array<{ domContentLoadedMs: number; loadMs: number; modelsListedMs: number }> = [];
  for (let index = 0; index < LOADS; index++) {
    const context = await loopbackContext(browser);
    const page = await context.newPage();
    const started = Date.now();
    await page.goto(`${setup.gateway.url}/ui/`);
    await page.getByRole('combobox', { name: 'Model' }).locator('option', { hasText: 'openai/gpt-4o-mini' }).waitFor({ state: 'attached', timeout: 15_000 });
    const modelsListedMs = Date.now() - started;
    const timing = await page.evaluate(() => {
      const [entry] = (
        globalThis as unknown as { performance: { getEntriesByType(type: string): Array<{ domContentLoadedEventEnd: number; loadEventEnd: number }> } }
      ).performance.getEntriesByType('navigation');
      return { domContentLoadedMs: entry.domContentLoadedEventEnd, loadMs: entry.loadEventEnd };
    });
    loads.push({ ...timing, modelsListedMs });
    await context.close();
  }

  const figures = {
    initialFiles: initial,
    initialGzipBytes,
    lazyFiles: lazy,
    lazyGzipBytes,
    medianOfLoads: LOADS,
    domContentLoadedMs: Math.round(median(loads.map((load) => load.domContentLoadedMs))),
    loadMs: Math.round(median(loads.map((load) => load.loadMs))),
    modelsListedMs: median(loads.map((load) => load.modelsListedMs)),
  };
  writeFileSync(join(REPORTS, 'metrics.json'), `${JSON.stringify(figures, null, 2)}\n`);
  process.stdout.write(`web UI: ${JSON.stringify(figures)}\n`);

  expect(initial).toEqual([expect.stringMatching(/^assets\/index-.+\.js$/), expect.stringMatching(/^assets\/index-.+\.css$/)]);
  expect(initialGzipBytes).toBeLessThan(INITIAL_BUDGET_BYTES);
  expect(figures.loadMs).toBeGreaterThan(0);
  expect(figures.modelsListedMs).toBeLessThan(15_000);
});
