import type { HubEvent } from '../../hub/hub-event.js';
import type { HubFinish } from '../../hub/hub-finish-reason.js';
import type { HubUsage } from '../../hub/hub-usage.js';
import { UpstreamError } from '../../common/errors/gateway-error.js';
import { createNamedEventRelayDecoder } from '../relay-frame.js';
import { parseEventData, type SseDecoder } from '../upstream-call.js';

/** The events that end a Responses stream. */
const TERMINAL_EVENTS = new Set(['response.completed', 'response.incomplete', 'response.failed']);

interface ResponseObject {
  id?: unknown;
  model?: unknown;
  created_at?: unknown;
  status?: unknown;
  incomplete_details?: { reason?: unknown } | null;
  output?: Array<{ type?: unknown }>;
  usage?: {
    input_tokens?: unknown;
    output_tokens?: unknown;
    input_tokens_details?: { cached_tokens?: unknown } | null;
    output_tokens_details?: { reasoning_tokens?: unknown } | null;
  } | null;
}

const count = (value: unknown): number | undefined => (typeof value === 'number' && Number.isFinite(value) ? value : undefined);

/** A Responses usage object in the hub's terms. */
export function fromResponsesUsage(usage: NonNullable<ResponseObject['usage']>): HubUsage {
  const cached = count(usage.input_tokens_details?.cached_tokens);
  const reasoning = count(usage.output_tokens_details?.reasoning_tokens);
  return {
    inputTokens: count(usage.input_tokens) ?? 0,
    outputTokens: count(usage.output_tokens) ?? 0,
    ...(cached !== undefined ? { cacheReadTokens: cached } : {}),
    ...(reasoning !== undefined ? { reasoningTokens: reasoning } : {}),
  };
}

function finishOf(response: ResponseObject): HubFinish {
  if (response.status === 'incomplete') {
    const reason = response.incomplete_details?.reason;
    return reason === 'content_filter'
      ? { reason: 'content-filter', raw: reason }
      : { reason: 'length', raw: typeof reason === 'string' ? reason : 'incomplete' };
  }
  if (response.status !== 'completed') return { reason: 'other', raw: typeof response.status === 'string' ? response.status : 'unknown' };
  const calls = Array.isArray(response.output) && response.output.some((item) => item?.type === 'function_call');
  return calls ? { reason: 'tool-calls', raw: 'completed' } : { reason: 'stop', raw: 'completed' };
}

function startOf(response: ResponseObject): HubEvent {
  return {
    type: 'response-start',
    relayed: true,
    ...(typeof response.id === 'string' ? { id: response.id } : {}),
    ...(typeof response.model === 'string' ? { model: response.model } : {}),
    ...(typeof response.created_at === 'number' ? { created: response.created_at } : {}),
  };
}

/** What accounting needs of a whole response: its id and model, usage and how it ended. */
function accountingOf(response: ResponseObject, withStart: boolean): HubEvent[] {
  const events: HubEvent[] = withStart ? [startOf(response)] : [];
  if (response.usage && typeof response.usage === 'object') events.push({ type: 'usage', usage: fromResponsesUsage(response.usage) });
  events.push({ type: 'finish', finish: finishOf(response), relayed: true });
  return events;
}

/**
 * Relays an OpenAI Responses stream as it came: every event is passed on with its name and its
 * data untouched (`frame` events). Only the lifecycle events are parsed, for accounting: the start
 * from `response.created`, usage and the finish from the terminal event. The stream is complete
 * after its terminal event (`response.completed`, `.incomplete` or `.failed`), or after an `error`
 * event the upstream ends the body with; ending before either is a truncated stream.
 */
export function createResponsesRelayDecoder(): SseDecoder {
  let started = false;
  return createNamedEventRelayDecoder((name, data) => {
    if (name === 'response.created' && !started) {
      started = true;
      const { response } = parseEventData(data) as { response?: ResponseObject };
      return { after: response ? [startOf(response)] : [] };
    }
    if (name && TERMINAL_EVENTS.has(name)) {
      const { response } = parseEventData(data) as { response?: ResponseObject };
      return { after: response ? accountingOf(response, !started) : [], last: true };
    }
    return {};
  });
}

/** A relayed non-streaming response: its body as it came (one frame), and what accounting needs. */
export function fromRelayedResponse(text: string): HubEvent[] {
  let response: ResponseObject;
  try {
    response = JSON.parse(text) as ResponseObject;
  } catch (error) {
    throw new UpstreamError(502, 'The provider answered with a body that is not JSON.', { type: 'api_error', cause: error });
  }
  if (!response || typeof response !== 'object' || Array.isArray(response))
    throw new UpstreamError(502, 'The provider answered with a body that is not a response.', { type: 'api_error' });
  return [{ type: 'frame', data: text }, ...accountingOf(response, true)];
}
