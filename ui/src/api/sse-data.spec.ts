import { readSseData } from './sse-data';

/** A body delivered in the given pieces, as a network would split it. */
function bodyOf(pieces: string[]): ReadableStream<Uint8Array> {
  const encoder = new TextEncoder();
  return new ReadableStream({
    start(controller) {
      for (const piece of pieces) controller.enqueue(encoder.encode(piece));
      controller.close();
    },
  });
}

async function collect(pieces: string[]): Promise<string[]> {
  const data: string[] = [];
  for await (const item of readSseData(bodyOf(pieces))) data.push(item);
  return data;
}

describe('readSseData', () => {
  it('yields each event’s data, whatever the pieces the body arrives in', async () => {
    expect(await collect(['data: {"a":1}\n\nda', 'ta: {"b":2}\n', '\ndata: [DONE]\n\n'])).toEqual(['{"a":1}', '{"b":2}', '[DONE]']);
  });

  it('reads CRLF line ends, joins multi-line data, skips comments and other fields', async () => {
    expect(await collect([': keep-alive\r\n\r\nevent: message\r\nid: 7\r\ndata: one\r\ndata:two\r\n\r\n'])).toEqual(['one\ntwo']);
  });

  it('keeps a last event that has no blank line after it, and a character split across pieces', async () => {
    const euro = new TextEncoder().encode('data: €');
    const body = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(euro.slice(0, euro.length - 1));
        controller.enqueue(euro.slice(euro.length - 1));
        controller.close();
      },
    });
    const data: string[] = [];
    for await (const item of readSseData(body)) data.push(item);
    expect(data).toEqual(['€']);
  });
});
