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
    while (pending.length > 0) yield pending.shift()!;
  }
  // An event without its terminating blank line is incomplete (a truncated stream): it is dropped.
  parser.feed(decoder.decode());
  while (pending.length > 0) yield pending.shift()!;
}
