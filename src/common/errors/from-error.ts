import { HttpException } from '@nestjs/common';
import { TimeoutError } from 'rxjs';
import {
  ClientClosedRequestError,
  GatewayError,
  InternalError,
  InvalidRequestError,
  NotFoundError,
  PayloadTooLargeError,
  PermissionError,
  RateLimitError,
  ServiceUnavailableError,
  AuthenticationError,
  UpstreamError,
  UpstreamTimeoutError,
  UpstreamUnreachableError,
} from './gateway-error.js';

const TIMEOUT_CODES = new Set(['UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'UND_ERR_CONNECT_TIMEOUT', 'ETIMEDOUT']);
const UNREACHABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EPIPE',
  'UND_ERR_SOCKET',
  'UND_ERR_CLOSED',
]);

/** undici and llhttp (`HPE_*`) errors for an answer that is not valid HTTP, or not one the gateway takes. */
const MALFORMED_ANSWER_CODES = new Set([
  'UND_ERR_HEADERS_OVERFLOW',
  'UND_ERR_RESPONSE_EXCEEDED_MAX_SIZE',
  'UND_ERR_RES_CONTENT_LENGTH_MISMATCH',
  'UND_ERR_INFO',
]);

/**
 * Maps anything thrown while serving a request to the gateway error the client gets.
 * Pure: no logging, no I/O. Unknown errors become a 500 whose message reveals nothing internal.
 */
export function fromError(error: unknown): GatewayError {
  if (error instanceof GatewayError) return error;
  if (error instanceof TimeoutError) return new UpstreamTimeoutError('The upstream provider did not answer in time.');
  if (error instanceof HttpException) return fromHttpException(error);

  const code = errorCode(error);
  if ((error as Error | null)?.name === 'AbortError' || code === 'UND_ERR_ABORTED' || code === 'ABORT_ERR') {
    return new ClientClosedRequestError('The client closed the request.');
  }
  if (code && TIMEOUT_CODES.has(code)) return new UpstreamTimeoutError('The upstream provider did not answer in time.');
  if (code && UNREACHABLE_CODES.has(code)) return new UpstreamUnreachableError('The upstream provider could not be reached.');
  if ((code && (MALFORMED_ANSWER_CODES.has(code) || code.startsWith('HPE_'))) || (error as Error | null)?.name === 'HTTPParserError') {
    return new UpstreamError(502, `The upstream provider sent a malformed HTTP answer (${code ?? 'not HTTP/1.1'}).`, {
      type: 'api_error',
      code: 'invalid_upstream_response',
    });
  }

  const bodyParserType = (error as { type?: unknown } | null)?.type;
  if (bodyParserType === 'entity.too.large') return new PayloadTooLargeError('Request body is too large.', { code: 'request_too_large' });
  if (bodyParserType === 'entity.too.deep') {
    return new InvalidRequestError((error as Error).message, { code: 'json_too_deep' });
  }
  if (bodyParserType === 'entity.parse.failed') {
    return new InvalidRequestError(`Request body is not valid JSON: ${(error as Error).message}`, { code: 'invalid_json' });
  }
  if (typeof bodyParserType === 'string' && bodyParserType.startsWith('encoding.')) {
    return new InvalidRequestError('Unsupported request body encoding.', { code: 'unsupported_encoding' });
  }

  return new InternalError('The gateway failed to process the request.');
}

function fromHttpException(error: HttpException): GatewayError {
  // Nest wraps body-parser errors; their own `type` says more than the status.
  if (typeof (error.cause as { type?: unknown } | undefined)?.type === 'string') return fromError(error.cause);
  const status = error.getStatus();
  if (status === 404) return new NotFoundError('Unknown route.', { code: 'not_found' });
  if (status === 413) return new PayloadTooLargeError('Request body is too large.', { code: 'request_too_large' });
  const response = error.getResponse();
  const message =
    typeof response === 'string'
      ? response
      : typeof (response as { message?: unknown }).message === 'string'
        ? (response as { message: string }).message
        : error.message;
  if (status === 503) return new ServiceUnavailableError(message || 'Service unavailable.');
  if (status >= 500) return new InternalError('The gateway failed to process the request.');
  if (status === 401) return new AuthenticationError(message);
  if (status === 403) return new PermissionError(message);
  if (status === 429) return new RateLimitError(message);
  return new InvalidRequestError(message);
}

/** Finds a Node/undici error code, looking through `cause` chains (fetch wraps them). */
function errorCode(error: unknown): string | undefined {
  let current: unknown = error;
  for (let depth = 0; depth < 4 && current && typeof current === 'object'; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}
