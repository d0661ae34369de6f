import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { accessFile, eventually, newKey, type AccessFile } from '../support/access-file.js';
import { spawnGateway, type GatewayProcess } from '../support/gateway-process.js';
import { MOCK_KEY, startMockOpenAiUpstream, type MockUpstream } from '../support/mock-openai-upstream.js';
import { findSamples, parseSamples } from '../support/prometheus-samples.js';
import { startRedisServer, type TestRedis } from '../support/redis-server.js';

// Two gateway processes (replicas) sharing one real redis-server: limits and budgets hold across
// them exactly, streaming included; and what each fail mode does while Redis is away (replica A
// refuses, ACCESS_FAIL_MODE=closed; replica B admits unchecked, ACCESS_FAIL_MODE=open).

const ROOT = resolve(import.meta.dirname, '../..');
const MAIN = resolve(ROOT, 'dist/main.js');

const keys = { burst: newKey(), tokens: newKey(), slow: newKey(), budget: newKey(), reset: newKey(), steady: newKey() };

// gpt-4o-mini costs $0.15 and $0.60 per million input and output tokens (models.dev): a call of
// the mock's usage (9 in, 4 out) costs $0.00000375.
const FILE = `
keys:
  - { name: burst, sha256: ${keys.burst.sha256}, limits: { rpm: 5 } }
  - { name: tokens, sha256: ${keys.tokens.sha256}, limits: { tpm: 12 } }
  - { name: slow, sha256: ${keys.slow.sha256}, limits: { concurrency: 2 } }
  - { name: budget, sha256: ${keys.budget.sha256}, budget: { usd: 0.000005, period: 30d } }
  - { name: reset, sha256: ${keys.reset.sha256}, budget: { usd: 0.000001, period: 3s } }
  - { name: steady, sha256: ${keys.steady.sha256}, limits: { rpm: 10000 } }
`;

let redis: TestRedis;
let upstream: MockUpstream;
let file: AccessFile;
let a: GatewayProcess;
let b: GatewayProcess;
/** When the burst's one-minute window ends (from its refusals' `x-ratelimit-reset-requests`). */
let burstWindowEndsAt = 0;

beforeAll(async () => {
  if (!existsSync(MAIN)) throw new Error(`${MAIN} is missing: run \`npm run build\` before this test (it runs the built gateway as processes).`);
  [redis, upstream] = await Promise.all([startRedisServer(), startMockOpenAiUpstream('openai')]);
  file = accessFile(FILE);
  const env = {
    OPENAI_API_URL: upstream.baseUrl,
    OPENAI_API_KEY: MOCK_KEY,
    REDIS_URL: redis.url,
    ACCESS_CONFIG_PATH: file.path,
    TELEMETRY_ENABLED: 'true',
    TELEMETRY_METRICS_HOST: '127.0.0.1',
    SERVER_SHUTDOWN_DELAY: '0s',
  };
  [a, b] = await Promise.all([
    spawnGateway({ cwd: ROOT, args: [MAIN], env: { ...env, ACCESS_FAIL_MODE: 'closed' } }),
    spawnGateway({ cwd: ROOT, args: [MAIN], env: { ...env, ACCESS_FAIL_MODE: 'open' } }),
  ]);
}, 90_000);

afterAll(async () => {
  for (const replica of [a, b]) replica?.child.kill('SIGKILL');
  await Promise.all([upstream?.close(), redis?.close()]);
  file?.remove();
});

const body = (content: string, stream = false) => JSON.stringify({ model: 'openai/gpt-4o-mini', stream, messages: [{ role: 'user', content }] });
const chat = (replica: GatewayProcess, key: string, content: string, stream = false, signal?: AbortSignal) =>
  fetch(`${replica.url}/v1/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${key}` },
    body: body(content, stream),
    signal,
  });
const sentUpstream = (content: string) => upstream.requests.filter((request) => JSON.stringify(request.body).includes(content)).length;
const errorOf = async (response: Response) => ((await response.json()) as { error: { type: string; code: string; message: string } }).error;

describe('limits shared by two replicas through Redis', () => {
  it('says at start that limits are kept in Redis, shared by every replica', () => {
    for (const replica of [a, b]) expect(replica.output()).toContain('limits and budgets are kept in Redis, shared by every replica');
  });

  it('admits exactly 5 of 20 concurrent requests under rpm 5, across both replicas', async () => {
    const responses = await Promise.all(Array.from({ length: 20 }, (_, index) => chat(index % 2 ? b : a, keys.burst.key, `burst ${index}`)));
    const statuses = responses.map((response) => response.status);
    expect(statuses.filter((status) => status === 200)).toHaveLength(5);
    expect(statuses.filter((status) => status === 429)).toHaveLength(15);
    const refused = responses.filter((response) => response.status === 429);
    for (const response of refused) {
      expect(Number(response.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(response.headers.get('x-ratelimit-limit-requests')).toBe('5');
      expect(response.headers.get('x-ratelimit-remaining-requests')).toBe('0');
    }
    const error = await errorOf(refused[0]);
    expect(error).toMatchObject({ type: 'rate_limit_error', code: 'rate_limit_exceeded' });
    expect(error.message).toContain('key "burst" on requests per minute: limit 5');
    const reset = refused[0].headers.get('x-ratelimit-reset-requests') ?? '';
    const [, minutes = '0', seconds = '0'] = /^(?:(\d+)m)?([\d.]+)s$/.exec(reset) ?? [];
    burstWindowEndsAt = Date.now() + (Number(minutes) * 60 + Number(seconds)) * 1000;
    expect(Array.from({ length: 20 }, (_, index) => sentUpstream(`burst ${index}`)).reduce((sum, count) => sum + count, 0)).toBe(5);
  });

  it("refuses the next request, on the other replica, once a stream's usage has reached the tokens per minute", async () => {
    // The request is estimated at 6 tokens (12 left); the stream then reports 13 (9 in, 4 out).
    const stream = await chat(a, keys.tokens.key, 'Hi', true);
    expect(stream.status).toBe(200);
    expect(stream.headers.get('x-ratelimit-limit-tokens')).toBe('12');
    expect(stream.headers.get('x-ratelimit-remaining-tokens')).toBe('6');
    expect(await stream.text()).toMatch(/data: \[DONE\]\n\n$/);
    const next = await chat(b, keys.tokens.key, 'Hi');
    expect(next.status).toBe(429);
    expect(next.headers.get('x-ratelimit-remaining-tokens')).toBe('0');
    expect((await errorOf(next)).message).toContain('key "tokens" on tokens per minute: limit 12, used 13');
  });

  it('holds the concurrency limit with slow streams on both replicas, and frees a slot when a stream ends or its client goes away', async () => {
    const first = await chat(a, keys.slow.key, 'one #slow:200', true);
    const abort = new AbortController();
    const second = await chat(b, keys.slow.key, 'two #slow:200', true, abort.signal);
    expect([first.status, second.status]).toEqual([200, 200]);
    const third = await chat(b, keys.slow.key, 'three');
    expect(third.status).toBe(429);
    expect(third.headers.get('retry-after')).toBe('1');
    expect((await errorOf(third)).code).toBe('concurrency_limit_exceeded');
    abort.abort();
    await second.text().catch(() => undefined);
    // The slot of the stream whose client went away is freed when the gateway sees it close.
    await eventually(async () => (await chat(a, keys.slow.key, 'after abort')).status === 200);
    expect(await first.text()).toMatch(/data: \[DONE\]\n\n$/);
    const both = await Promise.all([chat(a, keys.slow.key, 'four'), chat(b, keys.slow.key, 'five')]);
    expect(both.map((response) => response.status)).toEqual([200, 200]);
  });

  it('refuses with insufficient_quota, on either replica, once the budget is spent at models.dev prices', async () => {
    expect((await chat(a, keys.budget.key, 'budget 1')).status).toBe(200); // $0.00000375 of $0.000005
    expect((await chat(b, keys.budget.key, 'budget 2')).status).toBe(200); // admitted with some left: $0.0000075 spent
    for (const replica of [a, b]) {
      const refused = await chat(replica, keys.budget.key, 'budget 3');
      expect(refused.status).toBe(429);
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(await errorOf(refused)).toMatchObject({ type: 'insufficient_quota', code: 'insufficient_quota' });
    }
    expect(sentUpstream('budget 3')).toBe(0);
    // Either replica reads the same usage and spend from Redis.
    const usage = await fetch(`${b.url}/v1/usage`, { headers: { authorization: `Bearer ${keys.budget.key}` } });
    expect(((await usage.json()) as { data: unknown[] }).data).toEqual([
      expect.objectContaining({
        caller: 'budget',
        requests: 2,
        input_tokens: 18,
        output_tokens: 8,
        cost_usd: 0.0000075,
        models: [expect.objectContaining({ model: 'openai/gpt-4o-mini', requests: 2 })],
        budget: expect.objectContaining({ usd: 0.000005, period: '30d', spent_usd: 0.0000075, remaining_usd: 0 }),
      }),
    ]);
  });

  it('starts a budget again when its period ends', async () => {
    // A 3 s period: spend it, be refused, wait what retry-after says, be served again.
    let refused: Response | undefined;
    for (let attempt = 0; attempt < 3 && !refused; attempt++) {
      const response = await chat(attempt % 2 ? b : a, keys.reset.key, 'reset');
      if (response.status === 429) refused = response;
      else expect(response.status).toBe(200);
    }
    expect(refused).toBeDefined();
    const wait = Number(refused?.headers.get('retry-after'));
    expect(wait).toBeGreaterThan(0);
    expect(wait).toBeLessThanOrEqual(3);
    await new Promise((resolve) => setTimeout(resolve, wait * 1000 + 100));
    expect((await chat(b, keys.reset.key, 'reset again')).status).toBe(200);
  });

  it('reports spend and tokens by caller name in the metrics, never a key', async () => {
    const text = await (await fetch(a.metricsUrl ?? '')).text();
    const samples = parseSamples(text);
    const spend = findSamples(samples, 'gateway_spend_usd_total', { caller: 'budget', model: 'openai/gpt-4o-mini' });
    expect(spend).toHaveLength(1);
    expect(spend[0].value).toBeCloseTo(0.00000375, 12);
    expect(findSamples(samples, 'gateway_caller_tokens_total', { caller: 'budget', gen_ai_token_type: 'output' })[0]?.value).toBe(4);
    expect(findSamples(samples, 'gateway_access_refusals_total', { caller: 'burst', reason: 'requests' })[0]?.value).toBeGreaterThan(0);
    for (const { key } of Object.values(keys)) expect(text).not.toContain(key);
  });

  it('starts the requests per minute again when the window ends', async () => {
    expect((await chat(b, keys.burst.key, 'burst still limited')).status).toBe(429);
    // Up to a minute after the burst: the window is Redis's own key expiry (generous margin for a loaded machine).
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, burstWindowEndsAt - Date.now()) + 1_500));
    expect((await chat(a, keys.burst.key, 'burst after the window')).status).toBe(200);
  }, 90_000);

  it('while Redis is away: the closed replica refuses with 503 and reports not ready, the open one admits unchecked; both recover', async () => {
    expect((await chat(a, keys.steady.key, 'steady before')).status).toBe(200);
    await redis.stop();
    const started = Date.now();
    const refused = await chat(a, keys.steady.key, 'steady during');
    expect(Date.now() - started).toBeLessThan(5_000); // never a hang
    expect(refused.status).toBe(503);
    expect(refused.headers.get('retry-after')).toBe('5');
    expect(await errorOf(refused)).toMatchObject({ type: 'server_error', code: 'access_unavailable' });
    const ready = await fetch(`${a.url}/health/ready`);
    expect(ready.status).toBe(503);
    expect(JSON.stringify(await ready.json())).toContain('Redis is unreachable');

    const admitted = await chat(b, keys.steady.key, 'steady open');
    expect(admitted.status).toBe(200);
    expect((await fetch(`${b.url}/health/ready`)).status).toBe(200);
    expect(b.output()).toContain('requests are admitted unchecked (ACCESS_FAIL_MODE=open)');
    expect(sentUpstream('steady during')).toBe(0);
    expect(sentUpstream('steady open')).toBe(1);

    await redis.start();
    // The connection comes back by itself (backing off up to 5 s between attempts).
    await eventually(async () => (await fetch(`${a.url}/health/ready`)).status === 200, 20_000);
    expect((await chat(a, keys.steady.key, 'steady after')).status).toBe(200);
  }, 60_000);

  it('never writes a key to a log line of either replica', () => {
    for (const replica of [a, b]) {
      const output = replica.output();
      expect(output).toContain('request completed');
      for (const { key } of Object.values(keys)) expect(output).not.toContain(key);
    }
  });
});
