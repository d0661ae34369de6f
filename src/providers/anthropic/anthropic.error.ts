import { UpstreamError } from '../../common/errors/gateway-error.js';
import { toUpstreamError } from '../../common/errors/upstream-error.js';
import type { AnthropicErrorObject } from './anthropic.types.js';

type Headers = Record<string, string | string[] | undefined>;

/** Anthropic error types as OpenAI error types and codes, and the status each stands for. */
const ERROR_TYPES: Record<string, { status: number; type: string; code: string | null }> = {
  invalid_request_error: { status: 400, type: 'invalid_request_error', code: null },
  authentication_error: { status: 401, type: 'authentication_error', code: 'invalid_api_key' },
  billing_error: { status: 402, type: 'insufficient_quota', code: 'insufficient_quota' },
  permission_error: { status: 403, type: 'permission_error', code: null },
  not_found_error: { status: 404, type: 'invalid_request_error', code: 'not_found' },
  request_too_large: { status: 413, type: 'invalid_request_error', code: 'request_too_large' },
  rate_limit_error: { status: 429, type: 'rate_limit_error', code: 'rate_limit_exceeded' },
  api_error: { status: 500, type: 'api_error', code: null },
  timeout_error: { status: 504, type: 'timeout_error', code: null },
  overloaded_error: { status: 503, type: 'overloaded_error', code: 'overloaded' },
};

const RATE_LIMIT_FAMILIES = ['requests', 'tokens', 'input-tokens', 'output-tokens'];

/**
 * An Anthropic error answer (`{"type":"error","error":{"type","message"}}`) as the gateway error
 * the client sees: status kept (529 overloaded becomes 503), `retry-after` kept, or derived from
 * the `anthropic-ratelimit-*-reset` time of an exhausted limit when Anthropic sent none.
 */
export function toAnthropicGatewayError(status: number, headers: Headers, bodyText: string, now = Date.now()): UpstreamError {
  const base = toUpstreamError(status, headers, bodyText);
  const mapped = ERROR_TYPES[base.type] ?? ERROR_TYPES[typeForStatus(status)];
  const responseHeaders = { ...base.headers };
  if ((base.status === 429 || base.status === 503) && !responseHeaders['retry-after']) {
    const seconds = secondsUntilReset(headers, now);
    if (seconds !== undefined) responseHeaders['retry-after'] = String(seconds);
  }
  const code = mapped?.code === 'not_found' && /\bmodel\b/i.test(base.message) ? 'model_not_found' : (mapped?.code ?? base.code);
  return new UpstreamError(base.status, base.message, {
    type: mapped?.type ?? base.type,
    code,
    param: base.param,
    headers: responseHeaders,
  });
}

/**
 * An `error` event inside a stream that had started with HTTP 200. The status is the one the
 * same error has as an HTTP answer, which the client sees if no chunk was sent yet.
 */
export function fromAnthropicStreamError(error: AnthropicErrorObject | undefined): UpstreamError {
  const mapped = (error?.type && ERROR_TYPES[error.type]) || { status: 502, type: error?.type ?? 'api_error', code: null };
  const message = typeof error?.message === 'string' && error.message ? error.message : 'The provider reported an error mid-stream.';
  return new UpstreamError(mapped.status, message, { type: mapped.type, code: mapped.code });
}

function typeForStatus(status: number): string {
  if (status === 529) return 'overloaded_error';
  return Object.entries(ERROR_TYPES).find(([, entry]) => entry.status === status)?.[0] ?? '';
}

function secondsUntilReset(headers: Headers, now: number): number | undefined {
  let latest: number | undefined;
  for (const family of RATE_LIMIT_FAMILIES) {
    const remaining = headers[`anthropic-ratelimit-${family}-remaining`];
    const reset = headers[`anthropic-ratelimit-${family}-reset`];
    if (remaining !== '0' || typeof reset !== 'string') continue;
    const at = Date.parse(reset);
    if (Number.isNaN(at)) continue;
    latest = Math.max(latest ?? 0, at);
  }
  return latest === undefined ? undefined : Math.max(1, Math.ceil((latest - now) / 1000));
}
