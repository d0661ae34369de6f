import type { IncomingHttpHeaders } from 'node:http';

/** The client headers Anthropic reads that a relay passes on as they are; credentials never are. */
const RELAYED_HEADERS = ['anthropic-version', 'anthropic-beta'] as const;

/** The gateway's own query parameters, which are not Anthropic's. */
const GATEWAY_PARAMETERS = ['provider'];

/** The client's `anthropic-version` and `anthropic-beta` (several `anthropic-beta` headers joined by commas, as Anthropic reads them). */
export function relayedHeaders(headers: IncomingHttpHeaders): Record<string, string> {
  const relayed: Record<string, string> = {};
  for (const name of RELAYED_HEADERS) {
    const value = headers[name];
    if (typeof value === 'string' && value) relayed[name] = value;
    else if (Array.isArray(value) && value.length > 0) relayed[name] = value.join(',');
  }
  return relayed;
}

/** The client's query string (Claude Code sends `?beta=true`) without the gateway's own parameters. */
export function relayedQuery(originalUrl: string): string {
  const start = originalUrl.indexOf('?');
  if (start === -1) return '';
  const query = new URLSearchParams(originalUrl.slice(start + 1));
  for (const name of GATEWAY_PARAMETERS) query.delete(name);
  return query.toString();
}
