import type { UpstreamRequest } from '../common/http/upstream-client.js';
import { splitBaseUrl } from '../common/http/upstream-url.js';
import type { ClientConfig } from '../config/client.config.js';
import type { ModelsCallContext, ProviderCallContext } from './llm-provider.js';

/** One model call to a provider's API: where under its base URL, the JSON body, and whether the answer streams. */
export interface ProviderApiCall {
  /** The path under the provider's base URL, with its query string. */
  path: string;
  body: string;
  stream: boolean;
  /** The provider's own headers (its authentication, its API version); the body's type and the answer's are set here. */
  headers: Record<string, string>;
}

/**
 * The upstream request of one model call (one keep-alive pool per provider): JSON in, JSON or
 * Server-Sent Events out, bounded as a call (`CLIENT_TIMEOUT`) or as a stream (time to its first
 * event, then the silence allowed between two events).
 */
export function providerApiRequest(
  pool: string,
  call: ProviderApiCall,
  ctx: ProviderCallContext,
  signal: AbortSignal,
  timeouts: ClientConfig,
): UpstreamRequest {
  const { origin, pathPrefix } = splitBaseUrl(ctx.credentials.baseUrl);
  return {
    pool,
    origin,
    path: pathPrefix + call.path,
    headers: { ...call.headers, 'content-type': 'application/json', accept: call.stream ? 'text/event-stream' : 'application/json' },
    body: call.body,
    requestId: ctx.requestId,
    signal,
    headersTimeoutMs: call.stream ? timeouts.responseHeaderTimeoutMs : timeouts.timeoutMs,
    bodyTimeoutMs: call.stream ? timeouts.streamIdleTimeoutMs : timeouts.timeoutMs,
  };
}

/** A `GET` of a provider's model list (or one page of it), bounded by `CLIENT_MODELS_TIMEOUT`. */
export function modelListRequest(pool: string, path: string, headers: Record<string, string>, ctx: ModelsCallContext, timeouts: ClientConfig): UpstreamRequest {
  const { origin, pathPrefix } = splitBaseUrl(ctx.credentials.baseUrl);
  return {
    pool,
    origin,
    path: pathPrefix + path,
    method: 'GET',
    headers: { accept: 'application/json', ...headers },
    signal: ctx.signal,
    headersTimeoutMs: timeouts.modelsTimeoutMs,
    bodyTimeoutMs: timeouts.modelsTimeoutMs,
  };
}
