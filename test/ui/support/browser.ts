import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions } from 'playwright-core';

export const ROOT = resolve(import.meta.dirname, '../../..');
/** Screenshots and other artifacts of the UI tests (gitignored with the rest of reports/). */
export const REPORTS = resolve(ROOT, 'reports/ui');
const BUILT_UI = resolve(ROOT, 'dist/web-ui/index.html');
const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/** Widths the pages are checked and photographed at: a laptop and a small phone. */
export const VIEWPORTS = { desktop: { width: 1280, height: 860 }, phone: { width: 375, height: 740 } } as const;

/** Fails early, saying what to run, when the UI was not built. */
export function requireBuiltUi(): void {
  if (!existsSync(BUILT_UI)) throw new Error(`${BUILT_UI} is missing: run \`npm run build\` first (\`npm test\` does).`);
}

/** Fails early, saying what to run, when the UI or Chromium is missing. */
export function requireBuiltUiAndChromium(): void {
  requireBuiltUi();
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: install Debian's chromium (\`apt-get install chromium\`), or set CHROMIUM_PATH.`);
}

/**
 * Debian's Chromium, headless, driven by playwright-core (no browser download). Playwright gives
 * each launch a fresh temporary profile; background traffic (updates, sync, safe browsing) is off.
 */
export function launchChromium(): Promise<Browser> {
  requireBuiltUiAndChromium();
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}

/** A browser context that can reach loopback only: anything else is aborted, so a test never leaves the machine. */
export async function loopbackContext(browser: Browser, options: BrowserContextOptions = {}): Promise<BrowserContext> {
  const context = await browser.newContext({ viewport: VIEWPORTS.desktop, ...options });
  await context.route(
    (url) => !['127.0.0.1', 'localhost'].includes(url.hostname),
    (route) => route.abort('blockedbyclient'),
  );
  return context;
}
