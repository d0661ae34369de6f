/** One blank line ends an SSE event; servers may use CRLF, LF or CR line ends. */
const EVENT_END = /\r\n\r\n|\n\n|\r\r/;

/**
 * Reads a `text/event-stream` body and yields the `data` of each event (multi-line data joined
 * with `\n`); comments and other fields are skipped. Ends when the body ends.
 */
export async function* readSseData(body: ReadableStream<Uint8Array>): AsyncGenerator<string> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      buffer += decoder.decode(value, { stream: true });
      let match: RegExpExecArray | null;
      while ((match = EVENT_END.exec(buffer))) {
        const data = dataOf(buffer.slice(0, match.index));
        buffer = buffer.slice(match.index + match[0].length);
        if (data !== undefined) yield data;
      }
    }
    const rest = dataOf(buffer + decoder.decode());
    if (rest !== undefined) yield rest;
  } finally {
    reader.releaseLock();
  }
}

function dataOf(event: string): string | undefined {
  const lines = event.split(/\r\n|\n|\r/).filter((line) => line === 'data' || line.startsWith('data:'));
  if (lines.length === 0) return undefined;
  return lines.map((line) => line.slice(5).replace(/^ /, '')).join('\n');
}
