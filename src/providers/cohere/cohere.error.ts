import { UpstreamError } from '../../common/errors/gateway-error.js';
import { toUpstreamError } from '../../common/errors/upstream-error.js';

type Headers = Record<string, string | string[] | undefined>;

/** Cohere statuses that are not standard HTTP, or that mean something else for an OpenAI client. */
const STATUSES: Record<number, { status: number; type: string; code: string | null }> = {
  401: { status: 401, type: 'authentication_error', code: 'invalid_api_key' },
  // Cohere's "invalid token".
  498: { status: 401, type: 'authentication_error', code: 'invalid_api_key' },
  // Cohere thought the gateway went away: for the client it is a failed upstream call.
  499: { status: 502, type: 'api_error', code: null },
  429: { status: 429, type: 'rate_limit_error', code: 'rate_limit_exceeded' },
  404: { status: 404, type: 'invalid_request_error', code: 'not_found' },
};

/**
 * A Cohere error answer (a flat `{"message": ...}`, its type derived from the status) as the
 * gateway error the client sees, with the status and `retry-after` kept.
 */
export function toCohereGatewayError(status: number, headers: Headers, bodyText: string): UpstreamError {
  const base = toUpstreamError(status === 498 ? 401 : status, headers, bodyText);
  const mapped = STATUSES[status];
  if (!mapped) return base;
  const code = mapped.code === 'not_found' && /\bmodel\b/i.test(base.message) ? 'model_not_found' : mapped.code;
  return new UpstreamError(mapped.status, base.message, { type: mapped.type, code, param: base.param, headers: base.headers });
}
