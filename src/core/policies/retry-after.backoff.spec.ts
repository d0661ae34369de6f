import { UpstreamError } from '../../common/errors/gateway-error.js';
import { retryAfterMs } from './retry-after.js';
import { RetryAfterBackoff } from './retry-after.backoff.js';

const context = (error: unknown) => ({ attempt: 1, signal: new AbortController().signal, result: { error } });

describe('retry-after', () => {
  it('reads retry-after-ms, seconds and HTTP dates', () => {
    expect(retryAfterMs({ 'retry-after-ms': '1500', 'retry-after': '9' })).toBe(1500);
    expect(retryAfterMs({ 'retry-after': '2' })).toBe(2000);
    expect(retryAfterMs({ 'retry-after': 'Thu, 01 Jan 2026 00:00:30 GMT' }, Date.parse('Thu, 01 Jan 2026 00:00:00 GMT'))).toBe(30_000);
    expect(retryAfterMs({ 'retry-after': 'soon' })).toBeUndefined();
    expect(retryAfterMs({})).toBeUndefined();
  });
});

describe('RetryAfterBackoff', () => {
  it('waits with jitter around the initial delay, growing', () => {
    const backoff = new RetryAfterBackoff(100, 10_000);
    const first = backoff.next(context(new UpstreamError(500, 'boom')));
    expect(first.duration).toBeGreaterThanOrEqual(0);
    expect(first.duration).toBeLessThan(400);
    const later = Array.from({ length: 200 }, () => backoff.next(context(undefined)).next(context(undefined)).next(context(undefined)).duration);
    const average = later.reduce((sum, value) => sum + value, 0) / later.length;
    expect(average).toBeGreaterThan(first.duration / 4); // it grows: decorrelated jitter has no fixed sequence, so only on average
  });

  it('waits at least what retry-after asks', () => {
    const backoff = new RetryAfterBackoff(10, 10_000);
    expect(backoff.next(context(new UpstreamError(429, 'slow down', { headers: { 'retry-after': '3' } }))).duration).toBe(3000);
  });

  it('gives up on the deployment when retry-after is longer than the cap, throwing the error itself', () => {
    const error = new UpstreamError(429, 'slow down', { headers: { 'retry-after': '60' } });
    expect(() => new RetryAfterBackoff(10, 10_000).next(context(error))).toThrow(error);
  });
});
