/**
 * Which of the caller's headers reach a provider through `/proxy`: an allow-list, so the caller
 * cannot choose what the gateway's key is billed to (`openai-organization`, `openai-project`), pose
 * as another client (`x-real-ip`, `via`, `forwarded`) or send hop-by-hop headers. What the
 * provider's API needs goes through: content negotiation, idempotency, the SDKs' own
 * `x-stainless-*` headers, and per provider its version and beta switches. The request id is the
 * gateway's (the caller's own when it is a sane one), sent by the upstream client.
 */
const COMMON = new Set(['accept', 'content-type', 'content-length', 'user-agent', 'idempotency-key', 'cache-control']);
const COMMON_PREFIXES = ['x-stainless-'];

const BY_PROVIDER: Readonly<Record<string, readonly string[]>> = {
  openai: ['openai-beta'],
  anthropic: ['anthropic-version', 'anthropic-beta'],
  cohere: ['x-client-name'],
};

/** Headers every request to a provider needs, added when the caller sent none (the SDK's base URL may be `/proxy/<provider>`). */
const REQUIRED: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  anthropic: { 'anthropic-version': '2023-06-01' },
};

export function forwardedRequestHeaders(providerId: string, incoming: Readonly<Record<string, string | string[] | undefined>>): Record<string, string> {
  const extra = BY_PROVIDER[providerId] ?? [];
  // Headers the caller named in `Connection` are hop-by-hop, whatever their name.
  const hopByHop = new Set(
    String(incoming.connection ?? '')
      .split(',')
      .map((name) => name.trim().toLowerCase())
      .filter(Boolean),
  );
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(incoming)) {
    if (value === undefined || hopByHop.has(name)) continue;
    if (!COMMON.has(name) && !extra.includes(name) && !COMMON_PREFIXES.some((prefix) => name.startsWith(prefix))) continue;
    headers[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  for (const [name, value] of Object.entries(REQUIRED[providerId] ?? {})) headers[name] ??= value;
  return headers;
}

/** Response headers never passed back: hop-by-hop, cookies, and encodings the gateway undid. */
const DROPPED_RESPONSE_HEADERS = new Set(['connection', 'keep-alive', 'transfer-encoding', 'upgrade', 'trailer', 'set-cookie', 'proxy-authenticate']);

/** The provider's response headers for the caller; a header that quotes the provider key is left out. */
export function forwardedResponseHeaders(
  incoming: Readonly<Record<string, string | string[] | undefined>>,
  secrets: readonly string[],
): Record<string, string | string[]> {
  const headers: Record<string, string | string[]> = {};
  for (const [name, value] of Object.entries(incoming)) {
    if (value === undefined || DROPPED_RESPONSE_HEADERS.has(name)) continue;
    const text = Array.isArray(value) ? value.join(', ') : value;
    if (secrets.some((secret) => secret.length >= 8 && text.includes(secret))) continue;
    headers[name] = value;
  }
  return headers;
}
