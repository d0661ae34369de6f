import { useEffect, useState } from 'preact/hooks';
import { currentToken, currentTokenSource, onTokenChange, type TokenSource } from './credentials';

/** Re-renders when the token changes; returns the token and where it came from. */
export function useToken(): { token: string | undefined; source: TokenSource | undefined } {
  const [, setVersion] = useState(0);
  useEffect(() => onTokenChange(() => setVersion((version) => version + 1)), []);
  return { token: currentToken(), source: currentTokenSource() };
}
