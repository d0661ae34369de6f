import type { HubUsage } from '../../hub/hub-usage.js';

/** A one-minute window counter after an amount was added to it. */
export interface WindowCount {
  /** What the window holds now, the amount just added included. */
  consumed: number;
  /** Milliseconds until the window ends and the counter starts again from zero. */
  resetMs: number;
}

/** A concurrency slot held; `release` frees it (at most once). */
export interface Slot {
  release(): void;
}

/** One provider call's usage and cost, for a caller. */
export interface UsageRecord {
  /** The caller's counter id: `key:<name>` or `identity:<subject>`. */
  caller: string;
  /** The access rule's name (shown in usage). */
  rule: string;
  /** `provider/model` as the route resolved it. */
  model: string;
  usage: HubUsage;
  costUsd: number;
  /** The budget counter to charge, and when it may be forgotten (undefined: kept for good). */
  budget?: { counter: string; expiresAt?: number };
  /** The UTC day (days since the epoch) the call ended on. */
  day: number;
}

/** What a caller used on some days, per model. */
export interface CallerUsage {
  caller: string;
  rule: string;
  totals: UsageFigures;
  models: Record<string, UsageFigures>;
}

export interface UsageFigures {
  requests: number;
  inputTokens: number;
  outputTokens: number;
  cacheReadTokens: number;
  costUsd: number;
}

/**
 * Where limits, budgets and usage are counted: Redis (shared by every replica; each operation is
 * atomic) or this process's memory (one replica). Every method may fail when the store cannot be
 * reached; the caller decides what that means (ACCESS_FAIL_MODE).
 */
export interface AccessStore {
  /** Whether every replica sees the same counters. */
  readonly shared: boolean;
  /** Adds `amount` to a one-minute window counter, creating the window on first use. */
  add(counter: string, amount: number): Promise<WindowCount>;
  /** Takes `amount` off a window counter (what an estimate counted too much). */
  subtract(counter: string, amount: number): Promise<void>;
  /** A slot among `limit` for the counter, or undefined when all are taken. */
  acquire(counter: string, limit: number): Promise<Slot | undefined>;
  /** USD spent on a budget counter. */
  spent(counter: string): Promise<number>;
  record(record: UsageRecord): Promise<void>;
  /** What callers used on the given days (all callers seen on them, or those listed). */
  usage(days: readonly number[], callers?: readonly string[]): Promise<CallerUsage[]>;
}

export const WINDOW_SECONDS = 60;

export function emptyFigures(): UsageFigures {
  return { requests: 0, inputTokens: 0, outputTokens: 0, cacheReadTokens: 0, costUsd: 0 };
}

export function addFigures(figures: UsageFigures, record: Pick<UsageRecord, 'usage' | 'costUsd'>): void {
  figures.requests += 1;
  figures.inputTokens += record.usage.inputTokens;
  figures.outputTokens += record.usage.outputTokens;
  figures.cacheReadTokens += record.usage.cacheReadTokens ?? 0;
  figures.costUsd += record.costUsd;
}

export function mergeFigures(target: UsageFigures, source: UsageFigures): void {
  target.requests += source.requests;
  target.inputTokens += source.inputTokens;
  target.outputTokens += source.outputTokens;
  target.cacheReadTokens += source.cacheReadTokens;
  target.costUsd += source.costUsd;
}
