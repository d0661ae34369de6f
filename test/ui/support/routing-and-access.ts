import type { Page } from 'playwright-core';
import { accessFile, newKey, type AccessFile } from '../../support/access-file.js';
import { writeRoutingFile, type RoutingFile } from '../../support/routing-file.js';
import { fail, startScriptedUpstream, type ScriptedUpstream } from '../../support/scripted-upstream.js';
import { ECHO_MODEL } from './echo-upstream.js';

/** The alias whose first deployment fails: two failures open its breaker, for ten minutes (longer than any test). */
export const FLAKY_ALIAS = 'smart';

export interface RoutingSetup {
  /** An OpenAI-format upstream that answers every chat request with 503. */
  flaky: ScriptedUpstream;
  file: RoutingFile;
  env: Record<string, string>;
  close(): Promise<void>;
}

/**
 * A routing file beside the UI gateway's mocks: `smart` tries `openai/gpt-4o-mini` at an upstream
 * that always fails, then the echo upstream; `balanced` weighs the OpenAI mock and the echo
 * upstream 3 to 1, without breakers.
 */
export async function startRouting(): Promise<RoutingSetup> {
  const flaky = await startScriptedUpstream('flaky');
  flaky.otherwise(() => fail(503));
  const file = writeRoutingFile(`
models:
  ${FLAKY_ALIAS}:
    strategy: priority
    cooldown: { failures: 2, window: 60s, duration: 10m }
    deployments:
      - { provider: openai, model: gpt-4o-mini, api_url: "${flaky.baseUrl}" }
      - { provider: deepseek, model: ${ECHO_MODEL} }
  balanced:
    strategy: weighted
    cooldown: false
    deployments:
      - { provider: openai, model: gpt-4o-mini, weight: 3 }
      - { provider: deepseek, model: ${ECHO_MODEL}, weight: 1 }
`);
  return {
    flaky,
    file,
    env: { ROUTING_ENABLED: 'true', ROUTING_CONFIG_PATH: file.path },
    close: async () => {
      await flaky.close();
      file.remove();
    },
  };
}

/** USD per million tokens: the OpenAI mock answers 9 input and 4 output tokens ($0.017), the echo upstream 5 and 3 ($0.0011). */
const PRICES = `prices:
  "openai/*": { input: 1000, output: 2000 }
  "deepseek/*": { input: 100, output: 200 }`;

export interface AccessSetup {
  file: AccessFile;
  /** `platform`: sees every caller; a budget of $5 per 30 days. */
  admin: string;
  /** `team-search`: sees itself; limits. */
  member: string;
  env: Record<string, string>;
}

/** An access file with two keys and prices that make every call cost something. */
export function writeAccess(): AccessSetup {
  const admin = newKey();
  const member = newKey();
  const file = accessFile(`
keys:
  - name: platform
    sha256: ${admin.sha256}
    admin: true
    budget: { usd: 5, period: 30d }
  - name: team-search
    sha256: ${member.sha256}
    limits: { rpm: 600, tpm: 200000 }
${PRICES}
`);
  return { file, admin: admin.key, member: member.key, env: { ACCESS_CONFIG_PATH: file.path } };
}

/** One streamed chat request (the echo upstream only streams), read to its end; fails the test unless it is answered. */
export async function chat(url: string, model: string, key?: string): Promise<void> {
  const response = await fetch(`${url}/v1/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(key ? { authorization: `Bearer ${key}` } : {}) },
    body: JSON.stringify({ model, stream: true, messages: [{ role: 'user', content: 'Hello' }] }),
  });
  const text = await response.text();
  if (response.status !== 200 || !text.endsWith('data: [DONE]\n\n')) throw new Error(`${model}: HTTP ${response.status} ${text}`);
}

/** Pastes an API key into the header (kept in the page's memory: set it again after a reload). */
export async function useKey(page: Page, key: string): Promise<void> {
  await page.getByLabel('API key or access token').fill(key);
  await page.getByRole('button', { name: 'Use key' }).click();
  await page.getByText('Using a pasted key').waitFor();
}
