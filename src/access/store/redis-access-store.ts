import type { Redis } from 'ioredis';
import { RateLimiterRedis } from 'rate-limiter-flexible';
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
import { MinuteWindows } from './minute-windows.js';

const PREFIX = 'gateway:access:';
/** Days of usage kept. */
const USAGE_TTL_SECONDS = 32 * 86_400;
// One call's usage in one round trip: its spend on the budget counter (expiring with the period),
// its figures on the caller's hash for the day (totals under `<figure>|`, per model under
// `<figure>|<model>`), and the caller in the day's set.
const RECORD_USAGE = `
if KEYS[1] ~= '' then
  redis.call('INCRBYFLOAT', KEYS[1], ARGV[7])
  if ARGV[8] ~= '' then redis.call('PEXPIREAT', KEYS[1], ARGV[8]) end
end
redis.call('HSET', KEYS[2], 'rule', ARGV[2])
local figures = { requests = '1', input = ARGV[4], output = ARGV[5], cache_read = ARGV[6] }
for figure, value in pairs(figures) do
  redis.call('HINCRBY', KEYS[2], figure .. '|', value)
  redis.call('HINCRBY', KEYS[2], figure .. '|' .. ARGV[3], value)
end
redis.call('HINCRBYFLOAT', KEYS[2], 'cost|', ARGV[7])
redis.call('HINCRBYFLOAT', KEYS[2], 'cost|' .. ARGV[3], ARGV[7])
redis.call('EXPIRE', KEYS[2], ARGV[9])
redis.call('SADD', KEYS[3], ARGV[1])
redis.call('EXPIRE', KEYS[3], ARGV[9])
return 1`;

type UsageCommands = Redis & {
  gatewayRecordUsage(
    spendKey: string,
    usageKey: string,
    callersKey: string,
    caller: string,
    rule: string,
    model: string,
    input: number,
    output: number,
    cacheRead: number,
    costUsd: number,
    expiresAt: number | string,
    ttlSeconds: number,
  ): Promise<unknown>;
};

/**
 * Limits, budgets and usage in Redis, shared by every replica. Window counters are
 * rate-limiter-flexible's (an increment and its expiry in one script); concurrency slots a sorted
 * set per counter (RedisSlots); budgets `INCRBYFLOAT` counters that expire with their period;
 * usage a hash per caller and UTC day. Every operation is one round trip and atomic.
 */
export class RedisAccessStore implements AccessStore {
  readonly shared = true;
  private readonly windows: MinuteWindows;
  private readonly slots: RedisSlots;
  private readonly commands: UsageCommands;

  constructor(
    private readonly client: Redis,
    onSlotError: (error: unknown) => void,
  ) {
    // Counting only: the caller decides against its limit, knowing what the window held before.
    this.windows = new MinuteWindows(
      new RateLimiterRedis({
        storeClient: client,
        points: Number.MAX_SAFE_INTEGER,
        duration: WINDOW_SECONDS,
        keyPrefix: `${PREFIX}window`,
        rejectIfRedisNotReady: true,
      }),
    );
    this.slots = new RedisSlots(client, onSlotError);
    client.defineCommand('gatewayRecordUsage', { numberOfKeys: 3, lua: RECORD_USAGE });
    this.commands = client as UsageCommands;
  }

  add(counter: string, amount: number): Promise<WindowCount> {
    return this.windows.add(counter, amount);
  }

  subtract(counter: string, amount: number): Promise<void> {
    return this.windows.subtract(counter, amount);
  }

  acquire(counter: string, limit: number): Promise<Slot | undefined> {
    return this.slots.acquire(`${PREFIX}slots:${counter}`, limit);
  }

  async spent(counter: string): Promise<number> {
    return Number((await this.client.get(`${PREFIX}spend:${counter}`)) ?? 0);
  }

  async record(record: UsageRecord): Promise<void> {
    const budget = record.budget;
    await this.commands.gatewayRecordUsage(
      budget ? `${PREFIX}spend:${budget.counter}` : '',
      usageKey(record.day, record.caller),
      callersKey(record.day),
      record.caller,
      record.rule,
      record.model,
      record.usage.inputTokens,
      record.usage.outputTokens,
      record.usage.cacheReadTokens ?? 0,
      record.costUsd,
      budget?.expiresAt ?? '',
      USAGE_TTL_SECONDS,
    );
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
