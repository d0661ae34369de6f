import type { Page } from 'playwright-core';
import { ECHO_MODEL } from './echo-upstream.js';
import { FLAKY_ALIAS, useKey } from './routing-and-access.js';

/** Model output with the Markdown people see most: emphasis, a list, a code block, a table. */
export const MARKDOWN_SAMPLE = [
  'The gateway speaks **OpenAI** to every provider. To call it:',
  '',
  '1. pick a model',
  '2. send a message',
  '',
  '```ts',
  "const reply = await client.chat.completions.create({ model: 'openai/gpt-4o-mini', messages });",
  '```',
  '',
  '| provider | format |',
  '| --- | --- |',
  '| openai | native |',
  '| anthropic | translated |',
].join('\n');

/** The playground after two answers: Markdown from the echo upstream, then tool calls (with `key` pasted first, if given). */
export async function showPlaygroundWithAnswers(page: Page, url: string, key?: string): Promise<void> {
  await page.goto(`${url}/ui/`);
  if (key) await useKey(page, key);
  await page.getByRole('combobox', { name: 'Model' }).selectOption(`deepseek/${ECHO_MODEL}`);
  await page.getByRole('textbox', { name: 'Message' }).fill(MARKDOWN_SAMPLE);
  await page.getByRole('button', { name: 'Send' }).click();
  await page.getByTestId('answer-metrics').waitFor();
  await page.getByRole('combobox', { name: 'Model' }).selectOption('openai/gpt-4o-mini');
  await page.getByRole('textbox', { name: 'Message' }).fill("What's the weather in Paris and Rome? #tools");
  await page.getByRole('button', { name: 'Send' }).click();
  await page.getByTestId('answer-metrics').nth(1).waitFor();
}

/** The status page, with every model list fetched (and the routing aliases, when the gateway has a routing file). */
export async function showStatus(page: Page, url: string, key?: string): Promise<void> {
  await page.goto(`${url}/ui/status`);
  if (key) await useKey(page, key);
  await page.getByRole('table', { name: 'Configured providers' }).waitFor();
}

/** The status page of a gateway whose `smart` alias has a deployment with its breaker open. */
export async function showStatusWithOpenBreaker(page: Page, url: string, key?: string): Promise<void> {
  await showStatus(page, url, key);
  await page
    .getByRole('table', { name: new RegExp(`^${FLAKY_ALIAS} `) })
    .getByText('open', { exact: true })
    .waitFor();
}

/** The usage page with its charts, for the (admin) key given. */
export async function showUsage(page: Page, url: string, key?: string): Promise<void> {
  await page.goto(`${url}/ui/usage`);
  if (key) await useKey(page, key);
  await page.getByRole('img', { name: /^Spend by model:/ }).waitFor();
}
