import type { BudgetPeriod } from './access-policy.js';

/** Budget windows start at a Monday 00:00 UTC: a `1d` budget resets at midnight UTC, a `7d` one on Mondays. */
const ANCHOR_MS = Date.UTC(1970, 0, 5);

/** The window of a budget period that `now` falls in. */
export interface BudgetWindow {
  /** Names the window in counters: `30d:679`, or `total`. */
  id: string;
  startsAt?: number;
  endsAt?: number;
}

export function budgetWindow(period: BudgetPeriod, now: number): BudgetWindow {
  if (period.ms === undefined) return { id: 'total' };
  const index = Math.floor((now - ANCHOR_MS) / period.ms);
  const startsAt = ANCHOR_MS + index * period.ms;
  return { id: `${period.label}:${index}`, startsAt, endsAt: startsAt + period.ms };
}

/** Days since the epoch, UTC: usage is kept per day. */
export function utcDay(now: number): number {
  return Math.floor(now / 86_400_000);
}
