import { request } from 'undici';

export interface JsonWebKeySet {
  keys: Array<Record<string, unknown>>;
}

export interface JwksFetcherOptions {
  /** At most one request to the key set per this interval, however many unknown `kid`s arrive. */
  minRefreshIntervalMs: number;
  timeoutMs: number;
  now?: () => number;
}

/**
 * The key set fetcher handed to jwks-rsa. jwks-rsa caches keys by `kid` and asks again for a
 * `kid` it does not know (key rotation); this fetcher answers such asks from the last key set
 * until `minRefreshIntervalMs` has passed, and shares one request among concurrent asks. A flood
 * of tokens with made-up `kid`s thus costs the issuer one request per interval, and a key the
 * issuer has just published is still found within one interval.
 */
export function createJwksFetcher(options: JwksFetcherOptions): (uri: string) => Promise<JsonWebKeySet> {
  const now = options.now ?? Date.now;
  let last: JsonWebKeySet | undefined;
  let lastAttemptAt = Number.NEGATIVE_INFINITY;
  let inFlight: Promise<JsonWebKeySet> | undefined;

  return (uri) => {
    if (inFlight) return inFlight;
    if (last && now() - lastAttemptAt < options.minRefreshIntervalMs) return Promise.resolve(last);
    lastAttemptAt = now(); // failures count too: an issuer that is down is not asked more often
    inFlight = fetchKeySet(uri, options.timeoutMs)
      .then((keySet) => (last = keySet))
      .finally(() => (inFlight = undefined));
    return inFlight;
  };
}

async function fetchKeySet(uri: string, timeoutMs: number): Promise<JsonWebKeySet> {
  const response = await request(uri, { headers: { accept: 'application/json' }, headersTimeout: timeoutMs, bodyTimeout: timeoutMs });
  if (response.statusCode !== 200) {
    await response.body.dump();
    throw new Error(`the key set answered HTTP ${response.statusCode}`);
  }
  const body = (await response.body.json()) as Partial<JsonWebKeySet> | null;
  if (!body || !Array.isArray(body.keys)) throw new Error('the key set has no "keys" array');
  return { keys: body.keys };
}
