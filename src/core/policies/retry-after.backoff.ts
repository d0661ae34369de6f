import { ExponentialBackoff, type IBackoff, type IBackoffFactory, type IRetryBackoffContext } from 'cockatiel';
import { GatewayError } from '../../common/errors/gateway-error.js';
import { retryAfterMs } from './retry-after.js';

type RetryContext = IRetryBackoffContext<unknown>;

/**
 * Cockatiel's exponential backoff with decorrelated jitter, starting at `initialDelayMs`, that
 * honours an upstream's `retry-after`: the wait is the longer of the two. A `retry-after` longer
 * than `maxRetryAfterMs` ends the retries of this deployment at once (the error is thrown from the
 * backoff, which cockatiel passes on), so the request moves on to the next deployment instead of
 * waiting.
 */
export class RetryAfterBackoff implements IBackoffFactory<RetryContext> {
  private readonly jitter: ExponentialBackoff<unknown>;

  constructor(
    initialDelayMs: number,
    private readonly maxRetryAfterMs: number,
  ) {
    this.jitter = new ExponentialBackoff({ initialDelay: initialDelayMs, maxDelay: Math.max(30_000, initialDelayMs) });
  }

  next(context: RetryContext): IBackoff<RetryContext> {
    return this.step(this.jitter.next(), context);
  }

  private step(jittered: IBackoff<unknown>, context: RetryContext): IBackoff<RetryContext> {
    const error = 'error' in context.result ? context.result.error : undefined;
    const asked = error instanceof GatewayError ? retryAfterMs(error.headers) : undefined;
    if (asked !== undefined && asked > this.maxRetryAfterMs) throw error;
    return {
      duration: Math.max(jittered.duration, asked ?? 0),
      next: (nextContext: RetryContext) => this.step(jittered.next(nextContext), nextContext),
    };
  }
}
