import type { OpenAiErrorBody } from '../openai/chat-completion.types.js';

export interface GatewayErrorOptions {
  param?: string | null;
  code?: string | null;
  /** Headers the client should see with this error (e.g. `retry-after`). */
  headers?: Record<string, string>;
  cause?: unknown;
  /** Whether trying the call again (or elsewhere) may succeed; by default decided by the status. */
  retryable?: boolean;
}

/**
 * The one family of errors the gateway answers with. Every error that reaches a client is one of
 * these, rendered as an OpenAI error body with `status`.
 */
export abstract class GatewayError extends Error {
  abstract readonly status: number;
  abstract readonly type: string;
  /** Writable, like `message`: the exception filter takes secrets out of every field before answering. */
  param: string | null;
  code: string | null;
  headers: Record<string, string>;
  private readonly retryableOption: boolean | undefined;

  constructor(message: string, options: GatewayErrorOptions = {}) {
    super(message, { cause: options.cause });
    this.name = new.target.name;
    this.param = options.param ?? null;
    this.code = options.code ?? null;
    this.headers = options.headers ?? {};
    this.retryableOption = options.retryable;
  }

  /**
   * Whether the same call may succeed if tried again or on another deployment: rate limits,
   * overloads, provider failures, unreachable providers and timeouts are; a refused request is not.
   */
  get retryable(): boolean {
    return this.retryableOption ?? isRetryableStatus(this.status);
  }

  toBody(): OpenAiErrorBody {
    return { error: { message: this.message, type: this.type, param: this.param, code: this.code } };
  }
}

export class InvalidRequestError extends GatewayError {
  readonly status = 400;
  readonly type = 'invalid_request_error';
}

export class AuthenticationError extends GatewayError {
  readonly status = 401;
  readonly type = 'authentication_error';
}

export class PermissionError extends GatewayError {
  readonly status = 403;
  readonly type = 'permission_error';
}

export class NotFoundError extends GatewayError {
  readonly status = 404;
  readonly type = 'invalid_request_error';
}

export class PayloadTooLargeError extends GatewayError {
  readonly status = 413;
  readonly type = 'invalid_request_error';
}

export class RateLimitError extends GatewayError {
  readonly status = 429;
  readonly type = 'rate_limit_error';
}

/** The caller's budget is spent (OpenAI's 429 `insufficient_quota`). */
export class InsufficientQuotaError extends GatewayError {
  readonly status = 429;
  readonly type = 'insufficient_quota';
}

/** An error answered by the upstream provider; its HTTP status is kept. */
export class UpstreamError extends GatewayError {
  readonly type: string;
  constructor(
    readonly status: number,
    message: string,
    options: GatewayErrorOptions & { type?: string } = {},
  ) {
    super(message, options);
    this.type = options.type ?? defaultTypeForStatus(status);
  }
}

export class UpstreamUnreachableError extends GatewayError {
  readonly status = 502;
  readonly type = 'api_error';
}

export class UpstreamTimeoutError extends GatewayError {
  readonly status = 504;
  readonly type = 'timeout_error';
}

export class ServiceUnavailableError extends GatewayError {
  readonly status = 503;
  readonly type = 'server_error';
}

export class InternalError extends GatewayError {
  readonly status = 500;
  readonly type = 'server_error';

  /** A fault of the gateway itself: trying elsewhere would fail the same way. */
  override get retryable(): boolean {
    return false;
  }
}

/** 408, 429 and provider-side 5xx (not 501 Not Implemented or 505). */
export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 429 || (status >= 500 && status !== 501 && status !== 505);
}

export function defaultTypeForStatus(status: number): string {
  if (status === 401) return 'authentication_error';
  if (status === 403) return 'permission_error';
  if (status === 429) return 'rate_limit_error';
  if (status === 504) return 'timeout_error';
  if (status >= 500) return 'api_error';
  return 'invalid_request_error';
}

/** The client went away before the answer was complete; nothing more is written (status as nginx logs it). */
export class ClientClosedRequestError extends GatewayError {
  readonly status = 499;
  readonly type = 'client_closed_request';

  override get retryable(): boolean {
    return false;
  }
}
