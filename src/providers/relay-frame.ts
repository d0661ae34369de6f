import { parseEventData } from './upstream-call.js';

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
