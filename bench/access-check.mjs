// `node bench/access-check.mjs [requests]` (after `npm run build`): the cost of the access check
// alone, without HTTP: admitting and settling one provider call (model list, budget, requests and
// tokens per minute, a concurrency slot, usage and spend recorded) for a key, one call at a time,
// against a redis-server of its own on a unix socket, then in memory. Prints the wall time and this
// process's CPU time per call.
import { performance } from 'node:perf_hooks';
import { startAccessSetup } from './access-setup.mjs';

const root = new URL('..', import.meta.url).pathname;
const REQUESTS = Number(process.argv[2] ?? 5000);
const children = new Set();
const access = await startAccessSetup((child) => (children.add(child), child));
process.on('exit', () => {
  for (const child of children) child.kill('SIGKILL');
  access.cleanUp();
});

const load = (path) => import(`${root}dist/${path}`);
const [{ AccessPolicyService }, { AccessStoreHolder }, { AccessGate }, { AccessMetrics }, { RedisConnection }, { loadRedisConfig }] = await Promise.all([
  load('access/access-policy.service.js'),
  load('access/access-store.holder.js'),
  load('access/access-gate.js'),
  load('access/access-metrics.js'),
  load('common/redis/redis-connection.js'),
  load('config/redis.config.js'),
]);

async function measure(label, redisUrl) {
  const config = { enabled: true, path: access.path, failMode: 'closed' };
  const policies = new AccessPolicyService(config);
  const redis = new RedisConnection(loadRedisConfig(redisUrl ? { REDIS_URL: redisUrl } : {}));
  if (redis.client) await new Promise((resolve) => (redis.ready ? resolve() : redis.client.once('ready', resolve)));
  const readiness = { block() {}, unblock() {} };
  const stores = new AccessStoreHolder(policies, redis, readiness, config);
  const gate = new AccessGate(policies, stores, new AccessMetrics({ enabled: false }, config), config);
  const body = { model: 'openai/bench-model', messages: [{ role: 'user', content: 'Hello' }] };
  const usage = { inputTokens: 9, outputTokens: 4 };
  const run = async (count) => {
    for (let index = 0; index < count; index++) {
      const ended = [];
      const context = { caller: { kind: 'key', name: 'bench' }, headers: { set() {} }, onEnd: (callback) => ended.push(callback) };
      const call = { request: { model: body.model, body, sampling: () => ({}) }, route: { modelId: body.model }, attempt: 1, context };
      await gate.admitCall(call);
      gate.settleCall(call, usage);
      for (const callback of ended) callback();
    }
    if (redis.client) await redis.client.ping(); // what settling sent has been answered
  };
  await run(500); // warm-up
  const cpu = process.cpuUsage();
  const started = performance.now();
  await run(REQUESTS);
  const wall = performance.now() - started;
  const used = process.cpuUsage(cpu);
  console.log(
    `${label}: ${((wall * 1000) / REQUESTS).toFixed(0)} µs wall, ${((used.user + used.system) / REQUESTS).toFixed(0)} µs CPU of the gateway per call (${REQUESTS} calls)`,
  );
  policies.onApplicationShutdown();
  stores.onApplicationShutdown();
  await redis.onApplicationShutdown();
}

await measure('access check, Redis', access.redisUrl);
await measure('access check, memory', undefined);
process.exit(0);
