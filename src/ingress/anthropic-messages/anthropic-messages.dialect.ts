import type { GatewayError } from '../../common/errors/gateway-error.js';
import { RelayedUpstreamError } from '../../common/errors/relayed-upstream-error.js';
import { ANTHROPIC_MESSAGES } from '../../hub/hub-dialect.js';
import type { IngressDialect } from '../http/ingress-dialect.js';
import { sseEvent } from './anthropic-messages.stream-encoder.js';

/** Anthropic's error types by HTTP status (statuses Anthropic does not use take the nearest type). */
const TYPE_OF_STATUS: Readonly<Record<number, string>> = {
  400: 'invalid_request_error',
  401: 'authentication_error',
  402: 'billing_error',
  403: 'permission_error',
  404: 'not_found_error',
  413: 'request_too_large',
  429: 'rate_limit_error',
  500: 'api_error',
  502: 'api_error',
  503: 'overloaded_error',
  504: 'timeout_error',
  529: 'overloaded_error',
};

/** Anthropic's status for an overloaded service, which its clients back off from and retry. */
const OVERLOADED_STATUS = 529;

function anthropicType(error: GatewayError): string {
  if (error.type === 'overloaded_error') return 'overloaded_error';
  return TYPE_OF_STATUS[error.status] ?? (error.status >= 500 ? 'api_error' : 'invalid_request_error');
}

/** The message, naming the field it is about when it does not already. */
function messageOf(error: GatewayError): string {
  return error.param && !error.message.includes(error.param) ? `${error.param}: ${error.message}` : error.message;
}

/** An error Anthropic itself answered for a relayed request, with nothing redacted since: its body as Anthropic wrote it. */
function relayedBody(error: GatewayError): string | undefined {
  return error instanceof RelayedUpstreamError && error.dialect === ANTHROPIC_MESSAGES && error.message === error.originalMessage ? error.body : undefined;
}

function envelope(error: GatewayError): { type: 'error'; error: { type: string; message: string } } {
  return { type: 'error', error: { type: anthropicType(error), message: messageOf(error) } };
}

/**
 * Anthropic's error body `{"type": "error", "error": {"type", "message"}}` with Anthropic's types
 * and statuses (an overload is 529 `overloaded_error`), Anthropic's own error passed on as it is,
 * and its streams: named events, no terminator after `message_stop`, and a stream that fails after
 * it started ends with one `event: error` (and no `message_stop`).
 */
export const ANTHROPIC_MESSAGES_INGRESS_DIALECT: IngressDialect = {
  id: ANTHROPIC_MESSAGES,
  errorBody: (error: GatewayError) => relayedBody(error) ?? envelope(error),
  errorStatus: (error: GatewayError) =>
    anthropicType(error) === 'overloaded_error' && !(error instanceof RelayedUpstreamError) ? OVERLOADED_STATUS : error.status,
  sse: {
    terminator: '',
    errorFrame: (error: GatewayError) => sseEvent('error', relayedBody(error) ?? JSON.stringify(envelope(error))),
  },
};
