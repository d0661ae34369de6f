import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { Redis, type RedisOptions } from 'ioredis';
import { redisConfig, type RedisConfig, type RedisTarget } from '../../config/redis.config.js';

/** How long a command may wait for a Redis that does not answer before it fails (never a hang). */
const COMMAND_TIMEOUT_MS = 1_000;

/**
 * The gateway's one Redis connection, when `REDIS_URL` is set. Commands fail at once while Redis
 * is unreachable (no offline queue) and after COMMAND_TIMEOUT_MS when it does not answer, so
 * callers decide what an outage means; the client reconnects by itself. The password is never
 * logged.
 */
@Injectable()
export class RedisConnection implements OnApplicationShutdown {
  private readonly logger = new Logger('Redis');
  readonly client: Redis | undefined;

  constructor(@Inject(redisConfig.KEY) config: RedisConfig) {
    const target = config.target;
    if (!target) return;
    this.client = new Redis(toOptions(target));
    let reported = false;
    this.client.on('ready', () => {
      reported = false;
      this.logger.log(`connected to ${describe(target)}`);
    });
    this.client.on('error', (error: Error) => {
      if (reported) return;
      reported = true;
      this.logger.warn(`${describe(target)} unreachable: ${error.message}`);
    });
  }

  /** Whether Redis is configured and connected right now. */
  get ready(): boolean {
    return this.client?.status === 'ready';
  }

  async onApplicationShutdown(): Promise<void> {
    if (!this.client) return;
    await this.client.quit().catch(() => this.client?.disconnect());
  }
}

function toOptions(target: RedisTarget): RedisOptions {
  const common: RedisOptions = {
    db: target.db,
    password: target.password,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 0,
    commandTimeout: COMMAND_TIMEOUT_MS,
    connectTimeout: 5_000,
    retryStrategy: (attempt) => Math.min(100 * 2 ** attempt, 5_000),
    lazyConnect: false,
  };
  if (target.kind === 'socket') return { ...common, path: target.path };
  return { ...common, host: target.host, port: target.port, username: target.username, ...(target.tls ? { tls: { servername: target.host } } : {}) };
}

/** Where Redis is, without credentials. */
function describe(target: RedisTarget): string {
  return target.kind === 'socket' ? `unix:${target.path}` : `${target.tls ? 'rediss' : 'redis'}://${target.host}:${target.port}/${target.db}`;
}
