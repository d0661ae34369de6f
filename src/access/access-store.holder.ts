import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { RedisConnection } from '../common/redis/redis-connection.js';
import { accessConfig } from '../config/access.config.js';
import { ReadinessService } from '../common/lifecycle/readiness.service.js';
import { AccessPolicyService } from './access-policy.service.js';
import type { AccessStore } from './store/access-store.js';
import { MemoryAccessStore } from './store/memory-access-store.js';
import { RedisAccessStore } from './store/redis-access-store.js';

const READINESS_COMPONENT = 'access';

/**
 * The store of limits, budgets and usage: Redis when REDIS_URL is set (shared by every replica),
 * memory otherwise (the start-up line says the limits then hold per replica). With
 * ACCESS_FAIL_MODE=closed the gateway reports not ready while Redis is unreachable, since it
 * refuses requests then.
 */
@Injectable()
export class AccessStoreHolder implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Access');
  readonly store: AccessStore | undefined;
  private lastSlotWarning = 0;

  constructor(
    private readonly policies: AccessPolicyService,
    private readonly redis: RedisConnection,
    private readonly readiness: ReadinessService,
    @Inject(accessConfig.KEY) private readonly config: ConfigType<typeof accessConfig>,
  ) {
    if (!policies.enabled) return;
    this.store = redis.client ? new RedisAccessStore(redis.client, (error) => this.slotTrouble(error)) : new MemoryAccessStore();
  }

  onApplicationBootstrap(): void {
    if (!this.store) return;
    const where = this.store.shared
      ? `limits and budgets are kept in Redis, shared by every replica; while it is unreachable requests are ${this.config.failMode === 'closed' ? 'refused (ACCESS_FAIL_MODE=closed)' : 'admitted unchecked (ACCESS_FAIL_MODE=open)'}`
      : 'limits and budgets are kept in memory: they hold per replica (set REDIS_URL to share them across replicas)';
    this.logger.log(`access control on (${this.config.path}: ${this.policies.describe()}); ${where}`);
    const client = this.redis.client;
    if (!client || this.config.failMode !== 'closed') return;
    const update = () => {
      if (client.status === 'ready') this.readiness.unblock(READINESS_COMPONENT);
      else
        this.readiness.block(READINESS_COMPONENT, 'Redis is unreachable: limits and budgets cannot be checked, requests are refused (ACCESS_FAIL_MODE=closed)');
    };
    for (const event of ['ready', 'close', 'end', 'reconnecting']) client.on(event, update);
    update();
  }

  /** A slot could not be refreshed or freed (Redis away): it expires by itself; logged once a minute at most. */
  private slotTrouble(error: unknown): void {
    const now = Date.now();
    if (now - this.lastSlotWarning < 60_000) return;
    this.lastSlotWarning = now;
    this.logger.warn(`concurrency slots could not be refreshed or freed (${error instanceof Error ? error.message : String(error)}); they expire within 30 s`);
  }

  onApplicationShutdown(): void {
    if (this.store instanceof RedisAccessStore) this.store.close();
  }
}
