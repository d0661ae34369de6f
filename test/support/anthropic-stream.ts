type Json = Record<string, unknown>;

/**
 * The events of an Anthropic stream as a client reads them, checking the framing on the way: every
 * event has an `event:` name equal to its data's `type`, one `data:` line of JSON, and ends with a
 * blank line. Throws on the first frame that breaks a rule.
 */
export function parseAnthropicStream(text: string): Json[] {
  if (!text.endsWith('\n\n')) throw new Error(`the stream does not end with a blank line: ${JSON.stringify(text.slice(-40))}`);
  return text
    .slice(0, -2)
    .split('\n\n')
    .map((frame) => {
      const match = /^event: ([a-z_]+)\ndata: (.+)$/.exec(frame);
      if (!match) throw new Error(`not an Anthropic event frame: ${JSON.stringify(frame)}`);
      const data = JSON.parse(match[2]) as Json;
      if (data.type !== match[1]) throw new Error(`event ${match[1]} carries data of type ${String(data.type)}`);
      return data;
    });
}
