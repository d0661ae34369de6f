import { startTestGateway, type TestGateway } from '../support/gateway-harness.js';
import { eventually } from '../support/access-file.js';
import { deployment, writeRoutingFile, type RoutingFile } from '../support/routing-file.js';
import { fail, ok, startScriptedUpstream, type ScriptedUpstream } from '../support/scripted-upstream.js';

// GET /v1/status with a routing file: every alias and route with its deployments and their breakers.

const DEFAULT_KEY = 'sk-openai-default-key-status-0001';
const POOL_KEY_A = 'sk-pool-key-status-aaaaaaaa-0001';
const POOL_KEY_B = 'sk-pool-key-status-bbbbbbbb-0002';
/** Long enough to see the breaker open on a loaded machine, short enough to wait out. */
const COOLDOWN_MS = 3_000;

let gateway: TestGateway;
let file: RoutingFile;
let flaky: ScriptedUpstream;
let steady: ScriptedUpstream;

beforeAll(async () => {
  [flaky, steady] = await Promise.all([startScriptedUpstream('flaky'), startScriptedUpstream('steady')]);
  file = writeRoutingFile(`
models:
  smart:
    strategy: priority
    cooldown: { failures: 2, window: 60s, duration: ${COOLDOWN_MS}ms }
    deployments:
      - ${deployment('model-a', flaky.baseUrl, 'api_key_env: POOL_KEY_A')}
      - ${deployment('model-b', steady.baseUrl, 'api_key_env: POOL_KEY_B')}
    fallbacks: [openai/model-c]
  balanced:
    strategy: weighted
    cooldown: false
    deployments:
      - ${deployment('model-a', steady.baseUrl, 'weight: 3')}
      - ${deployment('model-b', steady.baseUrl)}
routes:
  "openai/model-r": { fallbacks: [balanced] }
`);
  gateway = await startTestGateway({
    ROUTING_ENABLED: 'true',
    ROUTING_CONFIG_PATH: file.path,
    OPENAI_API_KEY: DEFAULT_KEY,
    OPENAI_API_URL: steady.baseUrl,
    POOL_KEY_A,
    POOL_KEY_B,
  });
});

afterAll(async () => {
  await gateway?.close();
  await Promise.all([flaky?.close(), steady?.close()]);
  file?.remove();
});

interface Breaker {
  state: string;
  until?: string;
}
interface Group {
  name: string;
  strategy: string;
  fallbacks: string[];
  deployments: Array<{ provider: string; model: string; weight: number; priority: number; api_key_env?: string; breaker: Breaker }>;
}

async function status(): Promise<{ aliases: Group[]; routes: Group[]; text: string }> {
  const response = await fetch(`${gateway.url}/v1/status`);
  expect(response.status).toBe(200);
  const text = await response.text();
  return { ...(JSON.parse(text) as { aliases: Group[]; routes: Group[] }), text };
}

const breakersOf = (groups: Group[], name: string) => groups.find((group) => group.name === name)!.deployments.map((entry) => entry.breaker);

const chat = (model: string) =>
  fetch(`${gateway.url}/v1/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ model, messages: [{ role: 'user', content: 'Hi' }] }),
  });

describe('GET /v1/status with a routing file', () => {
  it('lists every alias and route with its deployments in file order, their weights and closed breakers', async () => {
    const { aliases, routes } = await status();
    const closed = { state: 'closed' };
    expect(aliases).toEqual([
      {
        name: 'smart',
        strategy: 'priority',
        fallbacks: ['openai/model-c'],
        deployments: [
          { provider: 'openai', model: 'model-a', weight: 1, priority: 1, api_key_env: 'POOL_KEY_A', breaker: closed },
          { provider: 'openai', model: 'model-b', weight: 1, priority: 2, api_key_env: 'POOL_KEY_B', breaker: closed },
        ],
      },
      {
        name: 'balanced',
        strategy: 'weighted',
        fallbacks: [],
        deployments: [
          { provider: 'openai', model: 'model-a', weight: 3, priority: 1, breaker: { state: 'off' } },
          { provider: 'openai', model: 'model-b', weight: 1, priority: 2, breaker: { state: 'off' } },
        ],
      },
    ]);
    // The route of the file, and the plain id named only as a fallback (with the default breaker).
    expect(routes.map((group) => [group.name, group.strategy, group.fallbacks, breakersOf(routes, group.name)])).toEqual([
      ['openai/model-r', 'priority', ['balanced'], [closed]],
      ['openai/model-c', 'priority', [], [closed]],
    ]);
  });

  it('shows a deployment whose upstream failed as open until its cooldown ends, then probing, then closed once a probe succeeded', async () => {
    flaky.script(fail(500), fail(503));
    const before = Date.now();
    for (let index = 0; index < 2; index++) {
      const response = await chat('smart');
      expect(response.status).toBe(200); // the second deployment answered
    }
    const after = Date.now();
    expect(flaky.requests).toHaveLength(2);

    const open = await status();
    const [first, second] = breakersOf(open.aliases, 'smart');
    expect(first.state).toBe('open');
    const until = Date.parse(first.until!);
    expect(until).toBeGreaterThanOrEqual(before + COOLDOWN_MS);
    expect(until).toBeLessThanOrEqual(after + COOLDOWN_MS);
    expect(second).toEqual({ state: 'closed' });

    // Skipped while open: the next request goes to the second deployment without calling the first.
    expect((await chat('smart')).status).toBe(200);
    expect(flaky.requests).toHaveLength(2);

    await eventually(async () => breakersOf((await status()).aliases, 'smart')[0].state === 'probing', COOLDOWN_MS + 15_000);
    flaky.script(ok);
    expect((await chat('smart')).status).toBe(200);
    expect(flaky.requests).toHaveLength(3);
    expect(breakersOf((await status()).aliases, 'smart')).toEqual([{ state: 'closed' }, { state: 'closed' }]);
  });

  it('never shows a key or an upstream URL', async () => {
    const { text } = await status();
    for (const secret of [POOL_KEY_A, POOL_KEY_B, DEFAULT_KEY, flaky.baseUrl, steady.baseUrl]) expect(text).not.toContain(secret);
    expect(text).toContain('POOL_KEY_A'); // the variable's name is not a secret
  });
});
