import type { Redis } from 'ioredis';
import { RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import {
  emptyFigures,
  WINDOW_SECONDS,
  type AccessStore,
  type CallerUsage,
  type Slot,
  type UsageFigures,
  type UsageRecord,
  type WindowCount,
} from './access-store.js';
import { RedisSlots } from './redis-slots.js';

const PREFIX = 'gateway:access:';
/** Days of usage kept. */
const USAGE_TTL_SECONDS = 32 * 86_400;
const FIGURES = ['requests', 'input', 'output', 'cache_read', 'cost'] as const;

/**
 * Limits, budgets and usage in Redis, shared by every replica. Window counters are
 * rate-limiter-flexible's (an increment and its expiry in one script); concurrency slots a sorted
 * set per counter (RedisSlots); budgets `INCRBYFLOAT` counters that expire with their period;
 * usage a hash per caller and UTC day. Every operation is one round trip and atomic.
 */
export class RedisAccessStore implements AccessStore {
  readonly shared = true;
  private readonly windows: RateLimiterRedis;
  private readonly slots: RedisSlots;

  constructor(
    private readonly client: Redis,
    onSlotError: (error: unknown) => void,
  ) {
    // Counting only: the caller decides against its limit, knowing what the window held before.
    this.windows = new RateLimiterRedis({
      storeClient: client,
      points: Number.MAX_SAFE_INTEGER,
      duration: WINDOW_SECONDS,
      keyPrefix: `${PREFIX}window`,
      rejectIfRedisNotReady: true,
    });
    this.slots = new RedisSlots(client, onSlotError);
  }

  async add(counter: string, amount: number): Promise<WindowCount> {
    const result = await this.windows.consume(counter, amount).catch((rejection: unknown) => {
      if (rejection instanceof RateLimiterRes) return rejection;
      throw rejection;
    });
    return { consumed: result.consumedPoints, resetMs: result.msBeforeNext };
  }

  async subtract(counter: string, amount: number): Promise<void> {
    await this.windows.reward(counter, amount);
  }

  acquire(counter: string, limit: number): Promise<Slot | undefined> {
    return this.slots.acquire(`${PREFIX}slots:${counter}`, limit);
  }

  async spent(counter: string): Promise<number> {
    return Number((await this.client.get(`${PREFIX}spend:${counter}`)) ?? 0);
  }

  async record(record: UsageRecord): Promise<void> {
    const multi = this.client.multi();
    if (record.budget) {
      const key = `${PREFIX}spend:${record.budget.counter}`;
      multi.incrbyfloat(key, record.costUsd);
      if (record.budget.expiresAt !== undefined) multi.pexpireat(key, record.budget.expiresAt);
    }
    const key = usageKey(record.day, record.caller);
    multi.hset(key, 'rule', record.rule);
    const values: Record<(typeof FIGURES)[number], number> = {
      requests: 1,
      input: record.usage.inputTokens,
      output: record.usage.outputTokens,
      cache_read: record.usage.cacheReadTokens ?? 0,
      cost: record.costUsd,
    };
    for (const figure of FIGURES) {
      for (const field of [`${figure}|`, `${figure}|${record.model}`]) {
        if (figure === 'cost') multi.hincrbyfloat(key, field, values[figure]);
        else multi.hincrby(key, field, values[figure]);
      }
    }
    multi.expire(key, USAGE_TTL_SECONDS);
    multi.sadd(callersKey(record.day), record.caller);
    multi.expire(callersKey(record.day), USAGE_TTL_SECONDS);
    await multi.exec();
  }

  async usage(days: readonly number[], callers?: readonly string[]): Promise<CallerUsage[]> {
    const perDay = callers
      ? days.map((day) => ({ day, callers }))
      : await Promise.all(days.map(async (day) => ({ day, callers: await this.client.smembers(callersKey(day)) })));
    const pipeline = this.client.pipeline();
    const wanted: string[] = [];
    for (const { day, callers: names } of perDay) {
      for (const caller of names) {
        pipeline.hgetall(usageKey(day, caller));
        wanted.push(caller);
      }
    }
    const results = (await pipeline.exec()) ?? [];
    const merged = new Map<string, CallerUsage>();
    results.forEach(([error, hash], index) => {
      if (error) throw error;
      const fields = hash as Record<string, string>;
      if (!fields.rule) return;
      const caller = wanted[index];
      const entry = merged.get(caller) ?? { caller, rule: fields.rule, totals: emptyFigures(), models: {} };
      merged.set(caller, entry);
      for (const [field, value] of Object.entries(fields)) {
        const bar = field.indexOf('|');
        if (bar === -1) continue;
        const model = field.slice(bar + 1);
        add(model ? (entry.models[model] ??= emptyFigures()) : entry.totals, field.slice(0, bar), Number(value));
      }
    });
    return [...merged.values()];
  }

  close(): void {
    this.slots.stop();
  }
}

function add(figures: UsageFigures, figure: string, value: number): void {
  if (figure === 'requests') figures.requests += value;
  else if (figure === 'input') figures.inputTokens += value;
  else if (figure === 'output') figures.outputTokens += value;
  else if (figure === 'cache_read') figures.cacheReadTokens += value;
  else if (figure === 'cost') figures.costUsd += value;
}

const usageKey = (day: number, caller: string) => `${PREFIX}usage:${day}:${caller}`;
const callersKey = (day: number) => `${PREFIX}callers:${day}`;
