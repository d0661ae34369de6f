import { RateLimiterRes, type RateLimiterAbstract } from 'rate-limiter-flexible';
import type { WindowCount } from './access-store.js';

/**
 * One-minute window counters over a rate-limiter-flexible limiter whose own limit is never reached
 * (the gateway compares the counts with each caller's limits itself): in memory or in Redis.
 */
export class MinuteWindows {
  constructor(private readonly limiter: RateLimiterAbstract) {}

  /** Adds `amount` to the counter's window; a window over the limiter's points still answers with its count. */
  async add(counter: string, amount: number): Promise<WindowCount> {
    const result = await this.limiter.consume(counter, amount).catch((rejection: unknown) => {
      if (rejection instanceof RateLimiterRes) return rejection;
      throw rejection;
    });
    return { consumed: result.consumedPoints, resetMs: result.msBeforeNext };
  }

  async subtract(counter: string, amount: number): Promise<void> {
    await this.limiter.reward(counter, amount);
  }
}
