import { UpstreamError } from '../../common/errors/gateway-error.js';
import { RelayedUpstreamError } from '../../common/errors/relayed-upstream-error.js';
import type { HubEvent } from '../../hub/hub-event.js';
import { vouchedEventData } from '../relay-frame.js';
import { parseEventData, truncatedStream, type SseDecoder } from '../upstream-call.js';
import { toAnthropicGatewayError } from './anthropic.error.js';
import { mapAnthropicStopReason } from './anthropic.finish-reason.js';
import type { AnthropicErrorObject, AnthropicResponse, AnthropicStreamEvent, AnthropicUsage } from './anthropic.types.js';
import { fromAnthropicUsage, mergeAnthropicUsage } from './anthropic.usage.js';
import { ANTHROPIC_MESSAGES } from '../../hub/hub-dialect.js';

/** The client dialect Anthropic speaks natively: its own Messages API. */

type Headers = Record<string, string | string[] | undefined>;

/** Anthropic's error types and the HTTP status each is answered with. */
const STATUS_OF_TYPE: Record<string, number> = {
  invalid_request_error: 400,
  authentication_error: 401,
  billing_error: 402,
  permission_error: 403,
  not_found_error: 404,
  request_too_large: 413,
  rate_limit_error: 429,
  api_error: 500,
  timeout_error: 504,
  overloaded_error: 529,
};

/**
 * A relayed call's error answer: status, type and body exactly as Anthropic sent them (529 stays
 * 529), `retry-after` kept (or derived from an exhausted `anthropic-ratelimit-*` limit). A body that
 * is not Anthropic's envelope (a proxy's HTML page) becomes a gateway error with the status kept.
 */
export function toAnthropicRelayError(status: number, headers: Headers, bodyText: string): UpstreamError {
  const mapped = toAnthropicGatewayError(status, headers, bodyText);
  const clientStatus = status >= 400 && status <= 599 ? status : 502;
  const error = envelopeError(bodyText);
  if (!error) return new UpstreamError(clientStatus, mapped.message, { type: typeForStatus(clientStatus), headers: mapped.headers });
  return new RelayedUpstreamError(ANTHROPIC_MESSAGES, clientStatus, bodyText, error.message, { type: error.type, headers: mapped.headers });
}

/**
 * Relays Anthropic's stream event by event: every event becomes a `frame` with its name and data as
 * Anthropic sent them. Only the events that carry accounting are parsed: `message_start` (the
 * response's id and model, input usage), `message_delta` (cumulative usage, the stop reason) and
 * `message_stop` (the finish, and the end of the relay). An `error` event ends the stream with a
 * relayed error, which the client gets as the same event.
 */
export function createAnthropicRelayDecoder(): SseDecoder {
  let usage: AnthropicUsage = {};
  let stopReason: string | null | undefined;
  let stopSequence: string | null | undefined;
  let finished = false;
  return {
    get finished() {
      return finished;
    },
    decode(raw, eventName) {
      if (finished) return [];
      const data = vouchedEventData(raw);
      const frame: HubEvent = eventName === undefined ? { type: 'frame', data } : { type: 'frame', data, event: eventName };
      const name = eventName ?? eventType(data);
      switch (name) {
        case 'message_start': {
          const message = (parseEventData(data) as Extract<AnthropicStreamEvent, { type: 'message_start' }>).message ?? {};
          usage = mergeAnthropicUsage(usage, message.usage);
          const start: HubEvent = { type: 'response-start', relayed: true };
          if (typeof message.id === 'string') start.id = message.id;
          if (typeof message.model === 'string') start.model = message.model;
          return [frame, start, { type: 'usage', usage: fromAnthropicUsage(usage) }];
        }
        case 'message_delta': {
          const event = parseEventData(data) as Extract<AnthropicStreamEvent, { type: 'message_delta' }>;
          if (event.delta && 'stop_reason' in event.delta) stopReason = event.delta.stop_reason;
          if (event.delta && 'stop_sequence' in event.delta) stopSequence = event.delta.stop_sequence;
          usage = mergeAnthropicUsage(usage, event.usage);
          return [frame, { type: 'usage', usage: fromAnthropicUsage(usage) }];
        }
        case 'message_stop':
          finished = true;
          return [frame, { type: 'finish', finish: mapAnthropicStopReason(stopReason, stopSequence), relayed: true }];
        case 'error': {
          finished = true;
          const error = (parseEventData(data) as { error?: AnthropicErrorObject }).error;
          const type = typeof error?.type === 'string' ? error.type : 'api_error';
          const message = typeof error?.message === 'string' ? error.message : 'The provider reported an error mid-stream.';
          throw new RelayedUpstreamError(ANTHROPIC_MESSAGES, STATUS_OF_TYPE[type] ?? 500, data, message, { type });
        }
        default:
          return [frame];
      }
    },
    flush() {
      if (finished) return [];
      finished = true;
      throw truncatedStream();
    },
  };
}

/** A relayed message (or token count): the body as one frame, as Anthropic sent it, and what accounting needs. */
export function fromRelayedAnthropicBody(text: string): HubEvent[] {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new UpstreamError(502, 'The provider answered with a body that is not JSON.', { type: 'api_error' });
  }
  if (!body || typeof body !== 'object' || Array.isArray(body))
    throw new UpstreamError(502, 'The provider answered with a body that is not a JSON object.', { type: 'api_error' });
  const events: HubEvent[] = [{ type: 'frame', data: text }];
  const message = body as AnthropicResponse;
  if (message.type !== 'message') return events;
  events.push({ type: 'response-start', relayed: true, id: message.id, model: message.model });
  if (message.usage && typeof message.usage === 'object') events.push({ type: 'usage', usage: fromAnthropicUsage(message.usage) });
  events.push({ type: 'finish', finish: mapAnthropicStopReason(message.stop_reason, message.stop_sequence), relayed: true });
  return events;
}

/** The `type` of an event that came without an `event:` name. */
function eventType(data: string): string | undefined {
  const type = (parseEventData(data) as { type?: unknown } | null)?.type;
  return typeof type === 'string' ? type : undefined;
}

function envelopeError(bodyText: string): { type: string; message: string } | undefined {
  let body: unknown;
  try {
    body = JSON.parse(bodyText);
  } catch {
    return undefined;
  }
  const error = (body as { type?: unknown; error?: { type?: unknown; message?: unknown } } | null)?.error;
  if ((body as { type?: unknown } | null)?.type !== 'error' || typeof error?.type !== 'string') return undefined;
  return { type: error.type, message: typeof error.message === 'string' ? error.message : '' };
}

function typeForStatus(status: number): string {
  return Object.entries(STATUS_OF_TYPE).find(([, entry]) => entry === status)?.[0] ?? (status >= 500 ? 'api_error' : 'invalid_request_error');
}
