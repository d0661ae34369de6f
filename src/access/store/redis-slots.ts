import type { Redis } from 'ioredis';
import { randomUUID } from 'node:crypto';
import type { Slot } from './access-store.js';

/** How long a slot outlives its holder's last refresh (a replica that died frees its slots by then). */
const SLOT_TTL_MS = 30_000;
const REFRESH_EVERY_MS = 10_000;

// A sorted set per counter: members are the holders, scores the Redis server's time of their last
// refresh. Taking a slot drops the expired holders and adds one if fewer than `limit` remain, in
// one script (atomic across replicas). The server's clock is the only clock, so replicas' clocks
// may differ.
const NOW = `local time = redis.call('TIME') local now = tonumber(time[1]) * 1000 + math.floor(tonumber(time[2]) / 1000)`;
const ACQUIRE = `${NOW}
redis.call('ZREMRANGEBYSCORE', KEYS[1], '-inf', now - tonumber(ARGV[3]))
if redis.call('ZCARD', KEYS[1]) < tonumber(ARGV[1]) then
  redis.call('ZADD', KEYS[1], now, ARGV[2])
  redis.call('PEXPIRE', KEYS[1], ARGV[3])
  return 1
end
return 0`;
const REFRESH = `${NOW}
if redis.call('ZSCORE', KEYS[1], ARGV[1]) then
  redis.call('ZADD', KEYS[1], now, ARGV[1])
  redis.call('PEXPIRE', KEYS[1], ARGV[2])
end
return 0`;

type SlotCommands = Redis & {
  gatewayAcquireSlot(key: string, limit: number, holder: string, ttlMs: number): Promise<unknown>;
  gatewayRefreshSlot(key: string, holder: string, ttlMs: number): Promise<unknown>;
};

/**
 * Concurrency slots shared by every replica (a distributed counting semaphore). One timer per
 * process refreshes every slot it holds in one round trip; a refresh that fails (Redis away) is
 * tried again at the next tick, and a slot whose holder stopped refreshing expires.
 */
export class RedisSlots {
  private readonly held = new Map<string, string>(); // holder -> key
  private readonly commands: SlotCommands;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    client: Redis,
    private readonly onError: (error: unknown) => void,
  ) {
    client.defineCommand('gatewayAcquireSlot', { numberOfKeys: 1, lua: ACQUIRE });
    client.defineCommand('gatewayRefreshSlot', { numberOfKeys: 1, lua: REFRESH });
    this.commands = client as SlotCommands;
  }

  async acquire(key: string, limit: number): Promise<Slot | undefined> {
    const holder = randomUUID();
    const taken = await this.commands.gatewayAcquireSlot(key, limit, holder, SLOT_TTL_MS);
    if (Number(taken) !== 1) return undefined;
    this.held.set(holder, key);
    this.timer ??= setInterval(() => this.refresh(), REFRESH_EVERY_MS).unref();
    return {
      release: () => {
        if (!this.held.delete(holder)) return;
        this.commands.zrem(key, holder).catch(this.onError);
        if (this.held.size === 0) this.stop();
      },
    };
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  private refresh(): void {
    if (this.held.size === 0) return;
    const pipeline = this.commands.pipeline();
    for (const [holder, key] of this.held) void (pipeline as unknown as SlotCommands).gatewayRefreshSlot(key, holder, SLOT_TTL_MS);
    pipeline.exec().catch(this.onError);
  }
}
