import { startTestGateway, type TestGateway } from '../support/gateway-harness.js';
import { startRedisServer, type TestRedis } from '../support/redis-server.js';

// The shared Redis connection: a real redis-server of the test's own, on a unix socket. The
// gateway connects at start, survives Redis going away, and reconnects when it is back.

let redis: TestRedis;
let gateway: TestGateway;

beforeAll(async () => {
  redis = await startRedisServer();
  gateway = await startTestGateway({ REDIS_URL: redis.url, REDIS_PASSWORD: '' });
});

afterAll(async () => {
  await gateway?.close();
  await redis?.close();
});

async function waitFor(condition: () => boolean, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('REDIS_URL', () => {
  it('connects at start, keeps serving while Redis is down, and reconnects when it is back', async () => {
    const connected = () => gateway.rawLogs.filter((line) => line.includes(`connected to unix:${redis.socketPath}`)).length;
    await waitFor(() => connected() === 1);
    await redis.stop();
    await waitFor(() => gateway.rawLogs.some((line) => line.includes('unreachable')));
    expect((await fetch(`${gateway.url}/health`)).status).toBe(200);
    await redis.start();
    // Reconnection backs off up to 5 s between attempts.
    await waitFor(() => connected() === 2);
  });
});
