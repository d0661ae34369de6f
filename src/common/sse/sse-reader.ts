import { createParser, type EventSourceMessage } from 'eventsource-parser';
import { UpstreamError } from '../errors/gateway-error.js';

/**
 * Reads Server-Sent Events from an upstream body. Bytes are decoded as a UTF-8 stream, so a
 * character split across reads survives; comments (`: keep-alive`) are skipped; `\r\n` and
 * multi-line `data:` are handled by the parser. One event may be at most `maxEventBytes` long: a
 * provider that sends an endless line is a 502, not memory without end.
 */
export async function* readSseEvents(body: AsyncIterable<Uint8Array>, maxEventBytes = Number.POSITIVE_INFINITY): AsyncGenerator<EventSourceMessage> {
  const decoder = new TextDecoder();
  const pending: EventSourceMessage[] = [];
  const parser = createParser({ onEvent: (event) => pending.push(event) });
  /** Bytes read since the last complete event. */
  let unfinished = 0;
  for await (const bytes of body) {
    unfinished += bytes.length;
    parser.feed(decoder.decode(bytes, { stream: true }));
    if (pending.length > 0) unfinished = bytesAfterLastEvent(bytes);
    else if (unfinished > maxEventBytes) {
      throw new UpstreamError(502, `The provider sent a stream event over ${maxEventBytes} bytes (CLIENT_MAX_STREAM_EVENT_SIZE).`, {
        type: 'api_error',
        code: 'stream_event_too_large',
      });
    }
    yield* pending.splice(0);
  }
  // An event without its terminating blank line is incomplete (a truncated stream): it is dropped.
  parser.feed(decoder.decode());
  yield* pending.splice(0);
}

/** An upper bound of the bytes of `bytes` after its last blank line (where the last event ended). */
function bytesAfterLastEvent(bytes: Uint8Array): number {
  for (let index = bytes.length - 1; index > 0; index--) {
    if (bytes[index] === 0x0a && (bytes[index - 1] === 0x0a || bytes[index - 1] === 0x0d)) return bytes.length - index - 1;
  }
  return bytes.length;
}
