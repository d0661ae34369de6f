import {
  AuthenticationError,
  ClientClosedRequestError,
  InternalError,
  InvalidRequestError,
  NotFoundError,
  PayloadTooLargeError,
  PermissionError,
  RateLimitError,
  ServiceUnavailableError,
  UpstreamError,
  UpstreamTimeoutError,
  UpstreamUnreachableError,
  type GatewayError,
} from '../errors/gateway-error.js';
import { OTHER } from './gen-ai.conventions.js';

const ERROR_TYPES: ReadonlyArray<[new (...args: never[]) => GatewayError, string]> = [
  [InvalidRequestError, 'invalid_request'],
  [AuthenticationError, 'authentication'],
  [PermissionError, 'permission_denied'],
  [NotFoundError, 'not_found'],
  [PayloadTooLargeError, 'payload_too_large'],
  [RateLimitError, 'rate_limited'],
  [UpstreamError, 'upstream_error'],
  [UpstreamUnreachableError, 'upstream_unreachable'],
  [UpstreamTimeoutError, 'upstream_timeout'],
  [ServiceUnavailableError, 'unavailable'],
  [InternalError, 'internal'],
  [ClientClosedRequestError, 'client_closed'],
];

/** The `error.type` of a failed request: one of a closed set of words, so metric labels stay bounded. */
export function mapErrorType(error: GatewayError): string {
  for (const [type, name] of ERROR_TYPES) if (error instanceof type) return name;
  return OTHER;
}

/** Errors that the provider (or the way to it) caused, counted per provider. */
export function isUpstreamFailure(error: GatewayError): boolean {
  return error instanceof UpstreamError || error instanceof UpstreamUnreachableError || error instanceof UpstreamTimeoutError;
}
