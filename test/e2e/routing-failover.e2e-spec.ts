import OpenAI from 'openai';
import { startTestGateway, type TestGateway } from '../support/gateway-harness.js';
import { delay } from '../support/mock-server.js';
import { deployment, writeRoutingFile, type RoutingFile } from '../support/routing-file.js';
import { fail, ok, startRefusingServer, startScriptedUpstream, type ScriptedUpstream } from '../support/scripted-upstream.js';

const DEFAULT_KEY = 'sk-openai-default-key-0001';
const POOL_KEY_A = 'sk-pool-key-aaaaaaaa-0001';
const POOL_KEY_B = 'sk-pool-key-bbbbbbbb-0002';

let gateway: TestGateway;
let file: RoutingFile;
let down: Awaited<ReturnType<typeof startRefusingServer>>;
const upstreams: Record<string, ScriptedUpstream> = {};
const NAMES = [
  'retryA',
  'waitA',
  'capA',
  'capB',
  'downB',
  'breakA',
  'breakB',
  'streamA',
  'streamB',
  'midA',
  'midB',
  'badA',
  'badB',
  'allA',
  'allB',
  'pool',
  'routeA',
  'routeB',
];

beforeAll(async () => {
  for (const name of NAMES) upstreams[name] = await startScriptedUpstream(name);
  down = await startRefusingServer();
  const url = (name: string) => upstreams[name].baseUrl;
  file = writeRoutingFile(`
models:
  retrying:
    retries: { attempts: 2, backoff: 10ms }
    deployments: [${deployment('model-a', url('retryA'))}]
  waiting:
    retries: { attempts: 2, backoff: 10ms, max_retry_after: 5s }
    deployments: [${deployment('model-a', url('waitA'))}]
  capped:
    strategy: priority
    retries: { attempts: 3, backoff: 10ms, max_retry_after: 2s }
    deployments: [${deployment('model-a', url('capA'))}, ${deployment('model-b', url('capB'))}]
  resilient:
    strategy: priority
    deployments: [${deployment('model-down', down.baseUrl)}, ${deployment('model-b', url('downB'))}]
  guarded:
    strategy: priority
    cooldown: { failures: 3, window: 60s, duration: 1s }
    deployments: [${deployment('model-a', url('breakA'))}, ${deployment('model-b', url('breakB'))}]
  streaming:
    strategy: priority
    deployments: [${deployment('model-a', url('streamA'))}, ${deployment('model-b', url('streamB'))}]
  midstream:
    strategy: priority
    retries: { attempts: 3, backoff: 10ms }
    deployments: [${deployment('model-a', url('midA'))}, ${deployment('model-b', url('midB'))}]
  strict:
    strategy: priority
    retries: { attempts: 3, backoff: 10ms }
    deployments: [${deployment('model-a', url('badA'))}, ${deployment('model-b', url('badB'))}]
  doomed:
    strategy: priority
    deployments: [${deployment('model-a', url('allA'))}, ${deployment('model-b', url('allB'))}]
  pooled:
    strategy: round_robin
    cooldown: { failures: 2, window: 60s, duration: 60s }
    deployments:
      - ${deployment('model-p', url('pool'), 'api_key_env: POOL_KEY_A')}
      - ${deployment('model-p', url('pool'), 'api_key_env: POOL_KEY_B')}
  backup:
    deployments: [${deployment('model-b', url('routeB'))}]
routes:
  "openai/gpt-4o-mini": { fallbacks: [backup] }
`);
  gateway = await startTestGateway({
    ROUTING_ENABLED: 'true',
    ROUTING_CONFIG_PATH: file.path,
    OPENAI_API_KEY: DEFAULT_KEY,
    OPENAI_API_URL: upstreams.routeA.baseUrl,
    POOL_KEY_A,
    POOL_KEY_B,
  });
});

afterAll(async () => {
  await gateway?.close();
  await Promise.all([...Object.values(upstreams).map((upstream) => upstream.close()), down?.close()]);
  file?.remove();
});

const chat = (model: string, extra: Record<string, unknown> = {}) =>
  fetch(`${gateway.url}/v1/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ model, messages: [{ role: 'user', content: 'Hi' }], ...extra }),
  });

async function answerOf(response: Response): Promise<string> {
  const body = (await response.json()) as { choices: Array<{ message: { content: string } }> };
  return body.choices[0].message.content;
}

const where = (response: Response) => ({
  provider: response.headers.get('x-selected-provider'),
  model: response.headers.get('x-selected-model'),
  attempts: response.headers.get('x-gateway-attempts'),
});

describe('retries', () => {
  it('retries a 500 on the same deployment and answers with its success', async () => {
    upstreams.retryA.script(fail(500), ok);
    const response = await chat('retrying');
    expect(response.status).toBe(200);
    expect(await answerOf(response)).toBe('Hello from retryA');
    expect(where(response)).toEqual({ provider: 'openai', model: 'model-a', attempts: '2' });
    expect(upstreams.retryA.requests).toHaveLength(2);
  });

  it('waits the retry-after of a 429 before trying again', async () => {
    upstreams.waitA.script(fail(429, { 'retry-after': '1' }), ok);
    const started = performance.now();
    const response = await chat('waiting');
    const elapsed = performance.now() - started;
    expect(response.status).toBe(200);
    expect(where(response).attempts).toBe('2');
    // At least the second asked for; the upper bound only guards against waiting for nothing (a loaded machine is slow).
    expect(elapsed).toBeGreaterThanOrEqual(950);
    expect(elapsed).toBeLessThan(4_500);
  });

  it('moves on at once when retry-after is longer than max_retry_after', async () => {
    upstreams.capA.script(fail(429, { 'retry-after': '30' }));
    const started = performance.now();
    const response = await chat('capped');
    expect(response.status).toBe(200);
    expect(performance.now() - started).toBeLessThan(1_500); // generous: far below the 30 s asked, and the 2 s cap
    expect(await answerOf(response)).toBe('Hello from capB');
    expect(where(response)).toEqual({ provider: 'openai', model: 'model-b', attempts: '2' });
    expect(upstreams.capA.requests).toHaveLength(1);
  });
});

describe('fallbacks', () => {
  it('falls back from a deployment that is down, and the headers say where the answer came from', async () => {
    const response = await chat('resilient');
    expect(response.status).toBe(200);
    expect(await answerOf(response)).toBe('Hello from downB');
    expect(where(response)).toEqual({ provider: 'openai', model: 'model-b', attempts: '2' });
    expect(down.connections()).toBeGreaterThanOrEqual(1);
  });

  it('surfaces a refused request (400) at once: no retry, no fallback', async () => {
    upstreams.badA.script(fail(400));
    const response = await chat('strict');
    expect(response.status).toBe(400);
    expect(where(response)).toEqual({ provider: 'openai', model: 'model-a', attempts: '1' });
    expect(upstreams.badA.requests).toHaveLength(1);
    expect(upstreams.badB.requests).toHaveLength(0);
  });

  it('answers with the last error when every deployment failed', async () => {
    upstreams.allA.script(fail(503));
    upstreams.allB.script(fail(502));
    const response = await chat('doomed');
    expect(response.status).toBe(502);
    expect(((await response.json()) as { error: { message: string } }).error.message).toBe('Scripted failure 502');
    expect(where(response)).toEqual({ provider: 'openai', model: 'model-b', attempts: '2' });
  });

  it('gives a plain provider/model its fallbacks from routes', async () => {
    upstreams.routeA.script(fail(529));
    const response = await chat('openai/gpt-4o-mini');
    expect(response.status).toBe(200);
    expect(await answerOf(response)).toBe('Hello from routeB');
    expect(upstreams.routeA.requests.at(-1)!.body!.model).toBe('gpt-4o-mini');
  });

  it('logs the provider and model of the last call and the number of calls', async () => {
    await chat('resilient', {});
    await delay(50);
    const line = gateway.logs.filter((entry) => entry.msg === 'request completed').at(-1)!;
    expect(line).toMatchObject({ provider: 'openai', model: 'model-b', attempts: 2, response: { status: 200 } });
  });
});

describe('every dialect', () => {
  it('routes an Anthropic Messages request for an alias the same way: fallback and headers', async () => {
    upstreams.streamA.script(fail(503));
    const response = await fetch(`${gateway.url}/v1/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'anthropic-version': '2023-06-01' },
      body: JSON.stringify({ model: 'streaming', max_tokens: 50, messages: [{ role: 'user', content: 'Hi' }] }),
    });
    expect(response.status).toBe(200);
    expect(where(response)).toEqual({ provider: 'openai', model: 'model-b', attempts: '2' });
    const body = (await response.json()) as { type: string; content: Array<{ type: string; text: string }> };
    expect(body.type).toBe('message');
    expect(body.content).toEqual([{ type: 'text', text: 'Hello from streamB' }]);
  });
});

describe('circuit breaker', () => {
  it('opens after three failures: the fourth request never reaches the deployment; a probe after the cooldown closes it', async () => {
    upstreams.breakA.otherwise(() => fail(503));
    for (let request = 1; request <= 3; request++) {
      const response = await chat('guarded');
      expect(await answerOf(response)).toBe('Hello from breakB');
    }
    expect(upstreams.breakA.requests).toHaveLength(3);
    const fourth = await chat('guarded');
    expect(await answerOf(fourth)).toBe('Hello from breakB');
    expect(where(fourth).attempts).toBe('1');
    expect(upstreams.breakA.requests).toHaveLength(3);
    expect(gateway.logs.some((line) => line.msg === 'deployment cooling down' && line.alias === 'guarded' && line.model === 'model-a')).toBe(true);

    upstreams.breakA.otherwise(() => ok);
    await delay(1_100); // the cooldown is 1 s
    const probe = await chat('guarded');
    expect(await answerOf(probe)).toBe('Hello from breakA');
    const after = await chat('guarded');
    expect(await answerOf(after)).toBe('Hello from breakA');
    expect(upstreams.breakA.requests).toHaveLength(5);
    expect(gateway.logs.some((line) => line.msg === 'deployment recovered' && line.alias === 'guarded')).toBe(true);
  });
});

describe('streams', () => {
  it('falls back invisibly when a stream fails before its first chunk', async () => {
    upstreams.streamA.script(fail(500));
    const response = await chat('streaming', { stream: true });
    expect(response.status).toBe(200);
    expect(where(response)).toEqual({ provider: 'openai', model: 'model-b', attempts: '2' });
    const text = await response.text();
    expect(text).toContain('from streamB');
    expect(text).not.toContain('error');
    expect(text.endsWith('data: [DONE]\n\n')).toBe(true);
  });

  it('ends a stream that fails after its first chunk with an error event, without retrying it', async () => {
    upstreams.midA.script({ kind: 'break-after-first-chunk' });
    const response = await chat('midstream', { stream: true });
    expect(response.status).toBe(200);
    const text = await response.text();
    const frames = text.split('\n\n').filter(Boolean);
    expect(frames[0]).toContain('"content":"Hello"');
    expect(JSON.parse(frames.at(-1)!.replace(/^data: /, ''))).toMatchObject({ error: { code: 'stream_truncated' } });
    expect(text).not.toContain('[DONE]');
    expect(upstreams.midA.requests).toHaveLength(1);
    expect(upstreams.midB.requests).toHaveLength(0);
  });

  it('works with the OpenAI SDK: a streamed answer from the fallback', async () => {
    upstreams.streamA.script({ kind: 'reset' });
    const client = new OpenAI({ baseURL: `${gateway.url}/v1`, apiKey: 'unused', maxRetries: 0 });
    const stream = await client.chat.completions.create({ model: 'streaming', messages: [{ role: 'user', content: 'Hi' }], stream: true });
    let text = '';
    for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? '';
    expect(text).toBe('Hello from streamB');
  });
});

describe('key pools', () => {
  it('moves off the key that gets 429s, and stops using it once its breaker opens', async () => {
    upstreams.pool.otherwise((request) => (request.headers.authorization === `Bearer ${POOL_KEY_A}` ? fail(429, { 'retry-after': '20' }) : ok));
    for (let request = 0; request < 6; request++) {
      const response = await chat('pooled');
      expect(response.status).toBe(200);
      expect(await answerOf(response)).toBe('Hello from pool');
    }
    const keys = upstreams.pool.keys();
    expect(keys.filter((key) => key === POOL_KEY_A)).toHaveLength(2); // two failures open its breaker
    expect(keys.filter((key) => key === POOL_KEY_B)).toHaveLength(6);
    expect(keys.every((key) => key === POOL_KEY_A || key === POOL_KEY_B)).toBe(true);
    const logs = gateway.rawLogs.join('\n');
    expect(logs).not.toContain(POOL_KEY_A);
    expect(logs).not.toContain(POOL_KEY_B);
  });
});
