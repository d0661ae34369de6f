/** OpenAI's way of writing a wait: `20ms`, `1.5s`, `6m0s`. */
export function formatReset(ms: number): string {
  const milliseconds = Math.max(0, Math.round(ms));
  if (milliseconds < 1_000) return `${milliseconds}ms`;
  if (milliseconds < 60_000) return `${Number((milliseconds / 1_000).toFixed(3))}s`;
  const minutes = Math.floor(milliseconds / 60_000);
  return `${minutes}m${Math.floor((milliseconds % 60_000) / 1_000)}s`;
}

/** `retry-after`: whole seconds, at least one. */
export function retryAfterSeconds(ms: number): string {
  return String(Math.max(1, Math.ceil(ms / 1_000)));
}

/** A window counter as the headers report it. */
export interface WindowState {
  limit: number;
  remaining: number;
  resetMs: number;
}

/** `x-ratelimit-{limit,remaining,reset}-{requests,tokens}`, OpenAI's headers, for the tightest window of each kind. */
export function rateLimitHeaders(requests: WindowState | undefined, tokens: WindowState | undefined): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const [kind, state] of [
    ['requests', requests],
    ['tokens', tokens],
  ] as const) {
    if (!state) continue;
    headers[`x-ratelimit-limit-${kind}`] = String(state.limit);
    headers[`x-ratelimit-remaining-${kind}`] = String(Math.max(0, state.remaining));
    headers[`x-ratelimit-reset-${kind}`] = formatReset(state.resetMs);
  }
  return headers;
}

/** The state with the fewest left (the one that will refuse first). */
export function tightest(states: readonly WindowState[]): WindowState | undefined {
  return states.reduce<WindowState | undefined>((tight, state) => (!tight || state.remaining < tight.remaining ? state : tight), undefined);
}
