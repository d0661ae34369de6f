import { jest } from '@jest/globals';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchChromium, loopbackContext } from './support/browser.js';
import { ECHO_MODEL } from './support/echo-upstream.js';
import { startUiGateway, type UiTestSetup } from './support/ui-gateway.js';

// A real browser on a loaded 2-core machine: pages, streams and clicks get seconds, not milliseconds.
jest.setTimeout(60_000);
const UI_TIMEOUT_MS = 15_000;

let setup: UiTestSetup;
let browser: Browser;
let context: BrowserContext;
let page: Page;
const cspViolations: string[] = [];

beforeAll(async () => {
  [setup, browser] = await Promise.all([startUiGateway(), launchChromium()]);
  context = await loopbackContext(browser);
  page = await context.newPage();
  page.setDefaultTimeout(UI_TIMEOUT_MS);
  page.on('console', (message) => {
    if (message.text().includes('Content Security Policy')) cspViolations.push(message.text());
  });
});

afterAll(async () => {
  await browser?.close();
  await setup?.close();
});

beforeEach(async () => {
  await page.goto(`${setup.gateway.url}/ui/`);
  await page.getByRole('combobox', { name: 'Model' }).selectOption('openai/gpt-4o-mini');
});

async function send(message: string): Promise<void> {
  await page.getByRole('textbox', { name: 'Message' }).fill(message);
  await page.getByRole('button', { name: 'Send' }).click();
}

const lastRequest = () => setup.upstreams.mocks.openai.requests.at(-1)!;

describe('the playground', () => {
  it('lists the models of /v1/models in the Model combobox', async () => {
    const options = await page.getByRole('combobox', { name: 'Model' }).locator('option').allTextContents();
    expect(options).toEqual(expect.arrayContaining(['openai/gpt-4o-mini', 'openai/o4-mini', `deepseek/${ECHO_MODEL}`]));
  });

  it('streams an answer into the page piece by piece, then shows its metrics', async () => {
    // 400 ms between events: each piece stays on screen long enough to be seen before the next.
    await send('Count for me #long:6 #slow:400');
    const text = page.getByTestId('answer-text').last();
    // Part of the answer is on the page while the rest is still on its way.
    const partial = await pollUntil(async () => {
      const shown = (await text.textContent()) ?? '';
      return shown.includes('t1') && !shown.includes('t5');
    }, UI_TIMEOUT_MS);
    expect(partial).toBe(true);
    await page.getByTestId('answer-metrics').waitFor();
    expect((await text.textContent())?.trim()).toBe('t0 t1 t2 t3 t4 t5');
    const metrics = await page.getByTestId('answer-metrics').textContent();
    expect(metrics).toMatch(/^first token [\d.]+ m?s · [\d.]+ tokens\/s · 9 in \/ 4 out tokens$/); // ms below a second, s above
    expect(lastRequest().body).toMatchObject({ model: 'gpt-4o-mini', stream: true, stream_options: { include_usage: true } });
    expect(cspViolations).toEqual([]);
  });

  it('sends the system prompt, temperature and max tokens', async () => {
    await page.getByRole('textbox', { name: 'System prompt' }).fill('Answer briefly.');
    await page.getByRole('spinbutton', { name: 'Temperature' }).fill('0.3');
    await page.getByRole('spinbutton', { name: 'Max tokens' }).fill('64');
    await send('Hi');
    await page.getByTestId('answer-metrics').waitFor();
    expect(lastRequest().body).toMatchObject({
      messages: [
        { role: 'system', content: 'Answer briefly.' },
        { role: 'user', content: 'Hi' },
      ],
      temperature: 0.3,
      max_completion_tokens: 64,
    });
  });

  it('stops a long answer with Stop, and the gateway aborts the upstream request', async () => {
    // 50 chunks 500 ms apart: 25 s of answer, far longer than the test waits before it stops it.
    await send('Tell me everything #long:50 #slow:500');
    await page.getByTestId('answer-text').waitFor();
    const upstreamRequest = lastRequest();
    expect(upstreamRequest.aborted).toBe(false);
    await page.getByRole('button', { name: 'Stop' }).click();
    await page.getByText('Stopped.').waitFor();
    await expect(pollUntil(async () => upstreamRequest.aborted, UI_TIMEOUT_MS)).resolves.toBe(true);
    expect(await page.getByTestId('answer-text').last().textContent()).not.toContain('t49');
    expect(await page.getByRole('button', { name: 'Send' }).isDisabled()).toBe(true); // the message box is empty again
  });

  it('shows the tool calls an answer streams', async () => {
    await send("What's the weather? #tools");
    const calls = page.getByTestId('tool-call');
    await page.getByTestId('answer-metrics').waitFor();
    expect(await calls.count()).toBe(2);
    expect(await calls.nth(0).textContent()).toContain('get_weather');
    expect(await calls.nth(0).locator('pre').textContent()).toBe('{"city":"Paris"}');
    expect(await calls.nth(1).locator('pre').textContent()).toBe('{"city":"Rome"}');
  });

  it('shows an upstream error as a readable message', async () => {
    await send('Hi #error:429');
    const alert = page.getByTestId('answer').last().getByRole('alert');
    await alert.waitFor();
    expect(await alert.textContent()).toBe('Rate limited by the provider (HTTP 429): Mock failure 429');
  });

  it('attaches an uploaded image as a data URL image_url part', async () => {
    await page.getByLabel('Attach image').setInputFiles({ name: 'dot.png', mimeType: 'image/png', buffer: ONE_PIXEL_PNG });
    await page.getByRole('img', { name: 'Attached image 1' }).waitFor();
    await send('What is in this picture?');
    await page.getByTestId('answer-metrics').waitFor();
    expect(lastRequest().body!.messages).toEqual([
      {
        role: 'user',
        content: [
          { type: 'text', text: 'What is in this picture?' },
          { type: 'image_url', image_url: { url: `data:image/png;base64,${ONE_PIXEL_PNG.toString('base64')}` } },
        ],
      },
    ]);
  });

  it('keeps the conversation: the next request carries the earlier turns', async () => {
    await send('First');
    await page.getByTestId('answer-metrics').waitFor();
    await send('Second');
    await page.getByTestId('answer-metrics').nth(1).waitFor();
    expect(lastRequest().body!.messages).toEqual([
      { role: 'user', content: 'First' },
      { role: 'assistant', content: 'Hello!' },
      { role: 'user', content: 'Second' },
    ]);
  });

  it('shows the request as curl, the openai client and the Anthropic SDK, pointed at this gateway', async () => {
    await page.getByRole('textbox', { name: 'Message' }).fill('Hello there');
    await page.getByText('Code', { exact: true }).click();
    const panel = page.getByRole('tabpanel');
    expect(await panel.textContent()).toContain(`curl -N ${setup.gateway.url}/v1/chat/completions`);
    expect(await panel.textContent()).toContain('"content": "Hello there"');
    await page.getByRole('tab', { name: 'openai (JS)' }).click();
    expect(await panel.textContent()).toContain(`new OpenAI({ baseURL: '${setup.gateway.url}/v1'`);
    await page.getByRole('tab', { name: '@anthropic-ai/sdk' }).click();
    expect(await panel.textContent()).toContain(`new Anthropic({ baseURL: '${setup.gateway.url}'`);
    expect(await panel.textContent()).toContain('"max_tokens": 1024');
  });
});

describe('untrusted model output', () => {
  it('shows <script> and <img onerror> as text and never runs them, CSP or not', async () => {
    // Without the Content-Security-Policy, so that only the rendering itself stands between the payload and the page.
    const unprotected = await loopbackContext(browser, { bypassCSP: true });
    const xssPage = await unprotected.newPage();
    xssPage.setDefaultTimeout(UI_TIMEOUT_MS);
    await xssPage.goto(`${setup.gateway.url}/ui/`);
    await xssPage.getByRole('combobox', { name: 'Model' }).selectOption(`deepseek/${ECHO_MODEL}`);
    const payload = '**bold** <script>window.__pwned = "script"</script> <img src=x onerror="window.__pwned = \'img\'"> [link](javascript:window.__pwned=1)';
    await xssPage.getByRole('textbox', { name: 'Message' }).fill(payload);
    await xssPage.getByRole('button', { name: 'Send' }).click();
    await xssPage.getByTestId('answer-metrics').waitFor();

    const answer = xssPage.getByTestId('answer-text');
    expect(await answer.locator('strong').textContent()).toBe('bold');
    expect(await answer.textContent()).toContain('<script>window.__pwned = "script"</script>');
    expect(await answer.textContent()).toContain('<img src=x onerror="window.__pwned = \'img\'">');
    expect(await answer.locator('script, img, [onerror]').count()).toBe(0);
    expect(await answer.locator('a').getAttribute('href')).toBe('');
    await xssPage.waitForTimeout(500); // an image that failed to load fires onerror within this
    expect(await xssPage.evaluate(() => (globalThis as { __pwned?: unknown }).__pwned)).toBeUndefined();
    await unprotected.close();
  });
});

/** Resolves with true once `condition` holds, or false after `timeoutMs`. */
async function pollUntil(condition: () => Promise<boolean>, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) return false;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return true;
}

/** A 1×1 transparent PNG. */
const ONE_PIXEL_PNG = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=', 'base64');
