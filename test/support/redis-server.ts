import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Redis } from 'ioredis';

export interface TestRedis {
  /** `REDIS_URL` for the gateway: `unix:///…/redis.sock`. */
  url: string;
  socketPath: string;
  /** A client of its own, for a test to look at or change the state. */
  client(): Redis;
  /** Stops the server (the socket goes away); `start()` brings it back on the same socket, empty. */
  stop(): Promise<void>;
  start(): Promise<void>;
  close(): Promise<void>;
}

/**
 * A real `redis-server` (Debian's package) of the test's own, listening on a unix socket in a
 * directory of its own and on no TCP port, so tests never compete for a port. Nothing is saved.
 */
export async function startRedisServer(): Promise<TestRedis> {
  const directory = mkdtempSync(join(tmpdir(), 'gateway-redis-'));
  const socketPath = join(directory, 'redis.sock');
  let server: ChildProcess | undefined;
  const clients: Redis[] = [];

  const start = async () => {
    server = spawn(
      'redis-server',
      ['--port', '0', '--unixsocket', socketPath, '--unixsocketperm', '700', '--save', '', '--appendonly', 'no', '--dir', directory],
      {
        stdio: ['ignore', 'ignore', 'inherit'],
      },
    );
    // A loaded machine can take a moment to start a process.
    const deadline = Date.now() + 15_000;
    while (!existsSync(socketPath) || !(await pingable(socketPath))) {
      if (Date.now() > deadline) throw new Error('redis-server did not start (is it installed? apt-get install redis-server)');
      if (server.exitCode !== null) throw new Error(`redis-server exited with ${server.exitCode}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };
  const stop = async () => {
    const running = server;
    server = undefined;
    if (!running || running.exitCode !== null) return;
    await new Promise<void>((resolve) => {
      running.once('exit', () => resolve());
      running.kill('SIGTERM');
    });
  };
  await start();
  return {
    url: `unix://${socketPath}`,
    socketPath,
    client() {
      const client = new Redis({ path: socketPath, maxRetriesPerRequest: 1 });
      clients.push(client);
      return client;
    },
    stop,
    start,
    async close() {
      for (const client of clients) client.disconnect();
      await stop();
      rmSync(directory, { recursive: true, force: true });
    },
  };
}

async function pingable(path: string): Promise<boolean> {
  const probe = new Redis({ path, lazyConnect: true, maxRetriesPerRequest: 0, retryStrategy: () => null });
  try {
    await probe.connect();
    return (await probe.ping()) === 'PONG';
  } catch {
    return false;
  } finally {
    probe.disconnect();
  }
}
