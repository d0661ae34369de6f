import { RateLimiterMemory } from 'rate-limiter-flexible';
import {
  addFigures,
  emptyFigures,
  mergeFigures,
  WINDOW_SECONDS,
  type AccessStore,
  type CallerUsage,
  type Slot,
  type UsageRecord,
  type WindowCount,
} from './access-store.js';
import { MinuteWindows } from './minute-windows.js';

/** Days of usage kept. */
const USAGE_DAYS_KEPT = 32;

/**
 * Limits, budgets and usage in this process's memory: right for one replica; with several, each
 * counts on its own (the limits then hold per replica).
 */
export class MemoryAccessStore implements AccessStore {
  readonly shared = false;
  // Counting is rate-limiter-flexible's; the decision is the caller's (it sees what was there before).
  private readonly windows = new MinuteWindows(new RateLimiterMemory({ points: Number.MAX_SAFE_INTEGER, duration: WINDOW_SECONDS }));
  private readonly inFlight = new Map<string, number>();
  private readonly budgets = new Map<string, { spent: number; expiresAt?: number }>();
  private readonly days = new Map<number, Map<string, CallerUsage>>();

  constructor(private readonly now: () => number = Date.now) {}

  add(counter: string, amount: number): Promise<WindowCount> {
    return this.windows.add(counter, amount);
  }

  subtract(counter: string, amount: number): Promise<void> {
    return this.windows.subtract(counter, amount);
  }

  acquire(counter: string, limit: number): Promise<Slot | undefined> {
    const held = this.inFlight.get(counter) ?? 0;
    if (held >= limit) return Promise.resolve(undefined);
    this.inFlight.set(counter, held + 1);
    let released = false;
    return Promise.resolve({
      release: () => {
        if (released) return;
        released = true;
        const left = (this.inFlight.get(counter) ?? 1) - 1;
        if (left > 0) this.inFlight.set(counter, left);
        else this.inFlight.delete(counter);
      },
    });
  }

  spent(counter: string): Promise<number> {
    const budget = this.budgets.get(counter);
    if (!budget || (budget.expiresAt !== undefined && budget.expiresAt <= this.now())) return Promise.resolve(0);
    return Promise.resolve(budget.spent);
  }

  record(record: UsageRecord): Promise<void> {
    if (record.budget) {
      const current = this.budgets.get(record.budget.counter);
      const live = current && (current.expiresAt === undefined || current.expiresAt > this.now());
      this.budgets.set(record.budget.counter, { spent: (live ? current.spent : 0) + record.costUsd, expiresAt: record.budget.expiresAt });
    }
    let day = this.days.get(record.day);
    if (!day) {
      day = new Map();
      this.days.set(record.day, day);
      for (const old of this.days.keys()) if (old <= record.day - USAGE_DAYS_KEPT) this.days.delete(old);
    }
    let entry = day.get(record.caller);
    if (!entry) {
      entry = { caller: record.caller, rule: record.rule, totals: emptyFigures(), models: {} };
      day.set(record.caller, entry);
    }
    entry.rule = record.rule;
    addFigures(entry.totals, record);
    addFigures((entry.models[record.model] ??= emptyFigures()), record);
    return Promise.resolve();
  }

  usage(days: readonly number[], callers?: readonly string[]): Promise<CallerUsage[]> {
    const merged = new Map<string, CallerUsage>();
    for (const day of days) {
      for (const entry of this.days.get(day)?.values() ?? []) {
        if (callers && !callers.includes(entry.caller)) continue;
        const target = merged.get(entry.caller) ?? { caller: entry.caller, rule: entry.rule, totals: emptyFigures(), models: {} };
        merged.set(entry.caller, target);
        mergeFigures(target.totals, entry.totals);
        for (const [model, figures] of Object.entries(entry.models)) mergeFigures((target.models[model] ??= emptyFigures()), figures);
      }
    }
    return Promise.resolve([...merged.values()]);
  }
}
