import { formatReset, rateLimitHeaders, retryAfterSeconds, tightest } from './rate-limit-headers.js';

describe('rate-limit headers', () => {
  it.each([
    [17, '17ms'],
    [1_000, '1s'],
    [59_936, '59.936s'],
    [60_000, '1m0s'],
    [360_400, '6m0s'],
  ])('writes %d ms as %s, as OpenAI does', (ms, text) => {
    expect(formatReset(ms)).toBe(text);
  });

  it('rounds retry-after up to whole seconds, at least one', () => {
    expect([retryAfterSeconds(1), retryAfterSeconds(1_001), retryAfterSeconds(59_936)]).toEqual(['1', '2', '60']);
  });

  it("writes OpenAI's six headers from the tightest window of each kind", () => {
    const requests = tightest([
      { limit: 600, remaining: 599, resetMs: 60_000 },
      { limit: 60, remaining: 3, resetMs: 1_500 },
    ]);
    expect(rateLimitHeaders(requests, { limit: 1000, remaining: -5, resetMs: 17 })).toEqual({
      'x-ratelimit-limit-requests': '60',
      'x-ratelimit-remaining-requests': '3',
      'x-ratelimit-reset-requests': '1.5s',
      'x-ratelimit-limit-tokens': '1000',
      'x-ratelimit-remaining-tokens': '0',
      'x-ratelimit-reset-tokens': '17ms',
    });
  });
});
