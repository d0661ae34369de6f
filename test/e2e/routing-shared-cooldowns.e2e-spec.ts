import { startTestGateway, type TestGateway } from '../support/gateway-harness.js';
import { delay } from '../support/mock-server.js';
import { startRedisServer, type TestRedis } from '../support/redis-server.js';
import { deployment, writeRoutingFile, type RoutingFile } from '../support/routing-file.js';
import { fail, ok, startScriptedUpstream, type ScriptedUpstream } from '../support/scripted-upstream.js';

// Two replicas of the gateway (two applications in this process) share one real redis-server.

let redis: TestRedis;
let file: RoutingFile;
let primary: ScriptedUpstream;
let secondary: ScriptedUpstream;
let replicaOne: TestGateway;
let replicaTwo: TestGateway;

beforeAll(async () => {
  [redis, primary, secondary] = await Promise.all([startRedisServer(), startScriptedUpstream('primary'), startScriptedUpstream('secondary')]);
  file = writeRoutingFile(`
models:
  shared:
    strategy: priority
    cooldown: { failures: 3, window: 60s, duration: 2s }
    deployments: [${deployment('model-a', primary.baseUrl)}, ${deployment('model-b', secondary.baseUrl)}]
`);
  const env = {
    ROUTING_ENABLED: 'true',
    ROUTING_CONFIG_PATH: file.path,
    OPENAI_API_KEY: 'sk-openai-default-key-0001',
    OPENAI_API_URL: secondary.baseUrl,
    REDIS_URL: redis.url,
  };
  replicaOne = await startTestGateway(env);
  replicaTwo = await startTestGateway(env);
  // Both replicas have subscribed once each has loaded what Redis holds.
  await eventually(async () => (await redis.client().pubsub('NUMSUB', 'llm-gateway:routing:cooldowns'))[1] === 2);
}, 60_000);

afterAll(async () => {
  await replicaOne?.close();
  await replicaTwo?.close();
  await Promise.all([primary?.close(), secondary?.close(), redis?.close()]);
  file?.remove();
});

async function servedBy(replica: TestGateway): Promise<string> {
  const response = await fetch(`${replica.url}/v1/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ model: 'shared', messages: [{ role: 'user', content: 'Hi' }] }),
  });
  expect(response.status).toBe(200);
  const body = (await response.json()) as { choices: Array<{ message: { content: string } }> };
  return body.choices[0].message.content.replace('Hello from ', '');
}

/** Polls until `check` holds: news from the other replica arrives over pub/sub, asynchronously. */
async function eventually(check: () => boolean | Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('the condition did not hold in time');
    await delay(20);
  }
}

const sharedLine = (message: string) => replicaTwo.logs.some((line) => line.msg === message && line.shared === true && line.alias === 'shared');

describe('cooldowns shared through Redis', () => {
  it('spares the other replica a deployment one replica found down, and one probe brings it back for both', async () => {
    primary.otherwise(() => fail(503));
    for (let request = 0; request < 3; request++) expect(await servedBy(replicaOne)).toBe('secondary');
    expect(primary.requests).toHaveLength(3);
    expect(Object.keys(await redis.client().hgetall('llm-gateway:routing:cooldowns'))).toEqual([expect.stringMatching(/^shared:openai\/model-a:/)]);

    await eventually(() => sharedLine('deployment cooling down'));
    // Replica two's status shows the breaker open until the end replica one recorded.
    const [until] = Object.values(await redis.client().hgetall('llm-gateway:routing:cooldowns'));
    const status = (await (await fetch(`${replicaTwo.url}/v1/status`)).json()) as { aliases: Array<{ deployments: Array<{ breaker: unknown }> }> };
    expect(status.aliases[0].deployments.map((entry) => entry.breaker)).toEqual([
      { state: 'open', until: new Date(Number(until)).toISOString() },
      { state: 'closed' },
    ]);
    for (let request = 0; request < 3; request++) expect(await servedBy(replicaTwo)).toBe('secondary');
    expect(primary.requests).toHaveLength(3); // replica two never tried it

    primary.otherwise(() => ok);
    await delay(2_100); // the cooldown is 2 s
    expect(await servedBy(replicaTwo)).toBe('primary'); // the probe
    expect(primary.requests).toHaveLength(4);
    await eventually(async () => Object.keys(await redis.client().hgetall('llm-gateway:routing:cooldowns')).length === 0);
    expect(await servedBy(replicaOne)).toBe('primary');
    expect(await servedBy(replicaTwo)).toBe('primary');
  });

  it('keeps each replica on its own breakers while Redis is away, and says so once', async () => {
    await redis.stop();
    primary.otherwise(() => fail(503));
    for (let request = 0; request < 4; request++) expect(await servedBy(replicaOne)).toBe('secondary');
    const failedCalls = primary.requests.length;
    expect(await servedBy(replicaOne)).toBe('secondary');
    expect(primary.requests).toHaveLength(failedCalls); // its own breaker opened
    const warnings = replicaOne.logs.filter((line) => line.msg === 'shared cooldowns unavailable; each replica uses its own breakers until Redis is back');
    expect(warnings.length).toBeGreaterThanOrEqual(1);
    expect(warnings.length).toBeLessThanOrEqual(2); // once per replica at most
    await redis.start();
    // Both replicas reconnect (backing off up to 5 s) and subscribe again.
    await eventually(async () => (await redis.client().pubsub('NUMSUB', 'llm-gateway:routing:cooldowns'))[1] === 2, 15_000);
    await eventually(() => replicaOne.rawLogs.filter((line) => line.includes(`connected to unix:${redis.socketPath}`)).length >= 4, 15_000);
  }, 40_000);
});
