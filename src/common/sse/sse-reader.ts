import { createParser, type EventSourceMessage } from 'eventsource-parser';

/**
 * Reads Server-Sent Events from an upstream body. Bytes are decoded as a UTF-8 stream, so a
 * character split across reads survives; comments (`: keep-alive`) are skipped; `\r\n` and
 * multi-line `data:` are handled by the parser.
 */
export async function* readSseEvents(body: AsyncIterable<Uint8Array>): AsyncGenerator<EventSourceMessage> {
  const decoder = new TextDecoder();
  const pending: EventSourceMessage[] = [];
  const parser = createParser({ onEvent: (event) => pending.push(event) });
  for await (const bytes of body) {
    parser.feed(decoder.decode(bytes, { stream: true }));
    yield* pending.splice(0);
  }
  // An event without its terminating blank line is incomplete (a truncated stream): it is dropped.
  parser.feed(decoder.decode());
  yield* pending.splice(0);
}
