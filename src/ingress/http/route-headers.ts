import type { Response } from 'express';
import type { RequestContext } from '../../common/context/request-context.js';

/** Response headers that say where a request went (browsers may read them: see http-hardening). */
export const ROUTE_HEADERS = ['x-selected-provider', 'x-selected-model', 'x-gateway-attempts', 'x-upstream-request-id'] as const;

/** Where providers put the id of a request: OpenAI and most OpenAI-format providers, then Anthropic. */
const UPSTREAM_REQUEST_ID = ['x-request-id', 'request-id'] as const;
const RATE_LIMIT_PREFIX = 'x-ratelimit-';
/** What the provider's rate-limit headers are renamed to when the gateway's own (the caller's limits) are on the answer. */
const PROVIDER_PREFIX = 'llm-provider-';
/** A provider header value passed on: printable ASCII, short (a hostile provider cannot stuff the answer's headers). */
const PASSABLE = /^[\x20-\x7e]{1,256}$/;

/**
 * Says where the request went, before the first byte of its answer: the provider and model of the
 * last call made (the one that answered, or the one whose error is the answer), how many calls
 * were made (retries and fallbacks included), and what that provider said of the call: its request
 * id (`x-upstream-request-id`) and its `x-ratelimit-*` headers, renamed `llm-provider-x-ratelimit-*`
 * when the answer carries the gateway's own (the caller's limits win).
 */
export function setRouteHeaders(response: Response, context: RequestContext | undefined): void {
  const route = context?.route;
  if (!route || response.headersSent) return;
  response.setHeader('x-selected-provider', route.provider);
  response.setHeader('x-selected-model', route.model);
  response.setHeader('x-gateway-attempts', String(context.attempts ?? 1));
  const upstream = context.upstreamHeaders;
  if (upstream) setUpstreamHeaders(response, upstream);
}

function setUpstreamHeaders(response: Response, upstream: Readonly<Record<string, string | string[] | undefined>>): void {
  for (const name of UPSTREAM_REQUEST_ID) {
    const id = upstream[name];
    if (typeof id === 'string' && PASSABLE.test(id)) {
      response.setHeader('x-upstream-request-id', id);
      break;
    }
  }
  let gatewayLimits: boolean | undefined;
  for (const name in upstream) {
    if (!name.startsWith(RATE_LIMIT_PREFIX)) continue;
    const value = upstream[name];
    if (typeof value !== 'string' || !PASSABLE.test(value)) continue;
    gatewayLimits ??= response.getHeaderNames().some((set) => set.startsWith(RATE_LIMIT_PREFIX));
    response.setHeader(gatewayLimits ? PROVIDER_PREFIX + name : name, value);
  }
}
