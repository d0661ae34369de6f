/** Where the bearer token came from: sign-in with the identity provider, or pasted by hand. */
export type TokenSource = 'sign-in' | 'pasted';

/**
 * The bearer token API calls carry: an access token from sign-in, or a token or API key pasted
 * by hand. Kept in memory only (never in storage), so it is gone when the tab closes or reloads.
 */
let current: { token: string; source: TokenSource } | undefined;
const listeners = new Set<() => void>();

export function currentToken(): string | undefined {
  return current?.token;
}

export function currentTokenSource(): TokenSource | undefined {
  return current?.source;
}

export function setToken(token: string | undefined, source: TokenSource = 'pasted'): void {
  const trimmed = token?.trim();
  current = trimmed ? { token: trimmed, source } : undefined;
  for (const listener of listeners) listener();
}

export function onTokenChange(listener: () => void): () => void {
  listeners.add(listener);
  return () => {
    listeners.delete(listener);
  };
}
