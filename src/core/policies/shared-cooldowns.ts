import { Injectable, Logger, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import type { Redis } from 'ioredis';
import { randomUUID } from 'node:crypto';
import { RedisConnection } from '../../common/redis/redis-connection.js';

const HASH = 'llm-gateway:routing:cooldowns';
const CHANNEL = 'llm-gateway:routing:cooldowns';
const PROBE_PREFIX = 'llm-gateway:routing:probe:';
/** After another replica won a probe, how long this one keeps skipping before it asks again. */
const LOST_PROBE_BACKOFF_MS = 1_000;

/** What the replicas together know of a deployment. */
export type SharedVerdict = 'closed' | 'open' | 'probe';

interface CooldownMessage {
  key: string;
  /** Epoch ms the cooldown ends; 0 when the deployment recovered. */
  until: number;
}

/**
 * Cooldowns shared by every replica through Redis (with `REDIS_URL`): a replica whose breaker opens
 * records the deployment in a hash and announces it on a channel; every replica keeps a copy in
 * memory, so checking costs no round trip. Once the cooldown has run out, the replicas race for a
 * probe lock (SET NX) so that one probe, not one per replica, tests the deployment. Without Redis,
 * or while it is away, every answer is "closed" and each replica relies on its own breakers
 * (logged once).
 */
@Injectable()
export class SharedCooldowns implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('Routing');
  private readonly until = new Map<string, number>();
  private readonly replica = randomUUID();
  private subscriber: Redis | undefined;
  private unavailableReported = false;
  /** Called when another replica reports a change (for logs). */
  onRemoteChange: (key: string, until: number) => void = () => undefined;

  constructor(private readonly redis: RedisConnection) {}

  get enabled(): boolean {
    return this.redis.client !== undefined;
  }

  onModuleInit(): void {
    const client = this.redis.client;
    if (!client) return;
    const subscriber = client.duplicate();
    this.subscriber = subscriber;
    subscriber.on('error', () => undefined); // the main connection reports Redis outages
    subscriber.on('message', (_channel: string, message: string) => this.apply(message, true));
    subscriber.on('ready', () => {
      subscriber
        .subscribe(CHANNEL)
        .then(() => this.loadAll())
        .catch((error: unknown) => this.unavailable(error));
    });
  }

  verdict(key: string, now = Date.now()): SharedVerdict {
    const until = this.until.get(key);
    if (until === undefined) return 'closed';
    return now < until ? 'open' : 'probe';
  }

  /** The end of the cooldown the replicas know of, if any. */
  cooldownEnd(key: string): number | undefined {
    return this.until.get(key);
  }

  /** Whether this replica may send the probe (true without Redis: its own breaker decides). */
  async claimProbe(key: string, ttlMs: number): Promise<boolean> {
    const client = this.redis.client;
    if (!client || !this.redis.ready) return true;
    try {
      const won = (await client.set(PROBE_PREFIX + key, this.replica, 'PX', ttlMs, 'NX')) === 'OK';
      if (!won) this.until.set(key, Date.now() + LOST_PROBE_BACKOFF_MS);
      return won;
    } catch (error) {
      this.unavailable(error);
      return true;
    }
  }

  open(key: string, until: number): void {
    this.until.set(key, until);
    this.publish((client) => client.multi().hset(HASH, key, String(until)).publish(CHANNEL, JSON.stringify({ key, until })).exec());
  }

  close(key: string): void {
    if (!this.until.delete(key) && !this.enabled) return;
    this.publish((client) =>
      client
        .multi()
        .hdel(HASH, key)
        .del(PROBE_PREFIX + key)
        .publish(CHANNEL, JSON.stringify({ key, until: 0 }))
        .exec(),
    );
  }

  /** A subscriber has nothing to flush: it is cut at once (which also stops its reconnecting). */
  onApplicationShutdown(): void {
    this.subscriber?.disconnect();
  }

  private publish(send: (client: Redis) => Promise<unknown>): void {
    const client = this.redis.client;
    if (!client) return;
    if (!this.redis.ready) {
      this.unavailable(new Error('not connected'));
      return;
    }
    send(client).then(
      () => (this.unavailableReported = false),
      (error: unknown) => this.unavailable(error),
    );
  }

  /** Replaces the copy with what Redis holds (after connecting, and after an outage, when messages may have been missed). */
  private async loadAll(): Promise<void> {
    const client = this.redis.client;
    if (!client) return;
    const entries = await client.hgetall(HASH);
    this.until.clear();
    for (const [key, value] of Object.entries(entries)) {
      const until = Number(value);
      if (Number.isFinite(until)) this.until.set(key, until);
    }
    this.unavailableReported = false;
  }

  private apply(raw: string, remote: boolean): void {
    let message: CooldownMessage;
    try {
      message = JSON.parse(raw) as CooldownMessage;
    } catch {
      return;
    }
    if (typeof message.key !== 'string' || typeof message.until !== 'number') return;
    const known = this.until.get(message.key);
    if (message.until === 0) this.until.delete(message.key);
    else this.until.set(message.key, message.until);
    if (remote && known !== (message.until || undefined)) this.onRemoteChange(message.key, message.until);
  }

  private unavailable(error: unknown): void {
    if (this.unavailableReported) return;
    this.unavailableReported = true;
    this.logger.warn(
      { reason: error instanceof Error ? error.message : String(error) },
      'shared cooldowns unavailable; each replica uses its own breakers until Redis is back',
    );
  }
}
