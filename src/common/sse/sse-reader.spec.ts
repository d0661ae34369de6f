import { readSseEvents } from './sse-reader.js';

async function collect(pieces: Array<string | Uint8Array>) {
  async function* body() {
    for (const piece of pieces) yield typeof piece === 'string' ? new TextEncoder().encode(piece) : piece;
  }
  const events = [];
  for await (const event of readSseEvents(body())) events.push(event);
  return events;
}

describe('readSseEvents', () => {
  it('joins events split across reads, CRLF included, and skips comments', async () => {
    const events = await collect([': keep-alive\r\n\r\nda', 'ta: {"a":', '1}\r\n\r\nevent: ping\ndata: {}\n\ndata: [DONE]\n\n']);
    expect(events.map((event) => [event.event, event.data])).toEqual([
      [undefined, '{"a":1}'],
      ['ping', '{}'],
      [undefined, '[DONE]'],
    ]);
  });

  it('keeps a multi-byte character split between two reads', async () => {
    const bytes = new TextEncoder().encode('data: {"t":"18 °C €"}\n\n');
    const cut = bytes.indexOf(0xe2) + 1; // inside the euro sign
    const events = await collect([bytes.slice(0, cut), bytes.slice(cut)]);
    expect(JSON.parse(events[0].data)).toEqual({ t: '18 °C €' });
  });

  it('joins several data lines with a newline', async () => {
    expect((await collect(['data: a\ndata: b\n\n']))[0].data).toBe('a\nb');
  });

  it('drops an event cut off before its blank line (a truncated stream)', async () => {
    expect(await collect(['data: {"complete":true}\n\ndata: {"cut":'])).toHaveLength(1);
  });
});
