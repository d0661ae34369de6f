import type { HubEvent } from '../hub/hub-event.js';
import { parseEventData, truncatedStream, type SseDecoder } from './upstream-call.js';

/** What an event name may be when it is written on an `event:` line of its own. */
const EVENT_NAME = /^[\w.-]{1,128}$/;

const LINE_BREAK_OR_REPLACEMENT = /[\n\r\uFFFD]/;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const QUOTE = 0x22;

/**
 * The data of a relayed stream event as it may reach the client: as it came when it looks like one
 * JSON object on one line of UTF-8 (the provider's own bytes, unparsed); otherwise parsed (a 502
 * when it is not JSON) and written again on one line, so an event can never inject SSE lines of
 * its own (a line break in relayed data would start a new field, event or terminator).
 */
export function vouchedEventData(data: string): string {
  const looksLikeOneObject = data.charCodeAt(0) === OPEN_BRACE && data.charCodeAt(1) === QUOTE && data.charCodeAt(data.length - 1) === CLOSE_BRACE;
  if (looksLikeOneObject && !LINE_BREAK_OR_REPLACEMENT.test(data)) return data;
  return JSON.stringify(parseEventData(data));
}

/** What a relayed stream's decoder makes of one event: accounting events to send around its frame, and whether it ends the stream. */
export interface RelayedEvent {
  before?: HubEvent[];
  after?: HubEvent[];
  last?: boolean;
}

/**
 * A decoder for a relayed stream of named events (an `event:` line, or the data's `type`): every
 * event passed on as it came (vouched for, its name kept), with what `account` makes of it. The
 * stream is complete after the event `account` calls its last, or after an `error` event the
 * provider ends the body with; one that ends before either is truncated.
 */
export function createNamedEventRelayDecoder(account: (name: string | undefined, data: string) => RelayedEvent): SseDecoder {
  let sawError = false;
  let done = false;
  return {
    get finished() {
      return done;
    },
    decode(data, event) {
      if (done || data === '[DONE]') return [];
      const name = event ?? typeOf(data);
      const frame: HubEvent = { type: 'frame', data: vouchedEventData(data), ...(name && EVENT_NAME.test(name) ? { event: name } : {}) };
      if (name === 'error') sawError = true;
      const { before = [], after = [], last = false } = account(name, data);
      done = last;
      return [...before, frame, ...after];
    },
    flush() {
      if (done || sawError) return [];
      throw truncatedStream();
    },
  };
}

/** The `type` of an event that came without an `event:` name. */
function typeOf(data: string): string | undefined {
  const type = (parseEventData(data) as { type?: unknown } | null)?.type;
  return typeof type === 'string' ? type : undefined;
}
