import { startTestGateway, type TestGateway } from '../support/gateway-harness.js';
import { startFaultUpstream, type FaultUpstream } from '../support/fault-upstream.js';

// A provider that is broken or hostile must cost the caller a clear error and the gateway
// nothing: answers that are not what was asked for are the provider's fault (502, logged as an
// upstream error, never the gateway's own 500); what it quotes of the key never reaches the
// caller; a stream it garbles ends with the error event; silence and trickling are bounded; an
// answer without end does not take the gateway's memory.

const KEY = 'sk-provider-0a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d';
let fault: FaultUpstream;
let gateway: TestGateway;
/** Every answer a client saw, as text, for the secrets check at the end. */
const seen: string[] = [];

beforeAll(async () => {
  fault = await startFaultUpstream();
  gateway = await startTestGateway({
    OPENAI_API_URL: fault.baseUrl,
    OPENAI_API_KEY: KEY,
    ANTHROPIC_API_URL: fault.baseUrl,
    ANTHROPIC_API_KEY: KEY,
    CLIENT_MAX_RESPONSE_BODY_SIZE: '1MiB',
    CLIENT_MAX_STREAM_EVENT_SIZE: '256KiB',
    CLIENT_TIMEOUT: '2s',
    CLIENT_RESPONSE_HEADER_TIMEOUT: '2s',
    CLIENT_STREAM_IDLE_TIMEOUT: '1s',
  });
});

afterAll(async () => {
  await gateway?.close();
  await fault?.close();
});

async function chat(faultName: string, stream = false): Promise<{ status: number; text: string; headers: Headers }> {
  const response = await fetch(`${gateway.url}/v1/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ model: 'openai/gpt-4o-mini', stream, messages: [{ role: 'user', content: `Hi #fault:${faultName}` }] }),
  });
  const text = await response.text();
  seen.push(`${response.status} ${JSON.stringify([...response.headers])} ${text}`);
  return { status: response.status, text, headers: response.headers };
}

async function proxied(faultName: string): Promise<{ status: number; text: string; headers: Headers; ms: number }> {
  const started = performance.now();
  const response = await fetch(`${gateway.url}/proxy/openai/fault/${faultName}`).catch((error: Error) => error);
  if (response instanceof Error) return { status: 0, text: response.message, headers: new Headers(), ms: performance.now() - started };
  const text = await response.text().catch((error: Error) => `(body cut: ${error.message})`);
  seen.push(`${response.status} ${JSON.stringify([...response.headers])} ${text}`);
  return { status: response.status, text, headers: response.headers, ms: performance.now() - started };
}

/** A stream relayed in another dialect: Anthropic's Messages to Anthropic, the Responses API to OpenAI. */
async function relayed(dialect: 'messages' | 'responses', faultName: string, stream = true): Promise<{ status: number; text: string; headers: Headers }> {
  const content = `Hi #fault:${faultName}`;
  const body =
    dialect === 'messages'
      ? { model: 'anthropic/claude-sonnet-4-5', max_tokens: 64, stream, messages: [{ role: 'user', content }] }
      : { model: 'openai/gpt-4o-mini', stream, input: content };
  const response = await fetch(`${gateway.url}/v1/${dialect}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(dialect === 'messages' ? { 'anthropic-version': '2023-06-01' } : {}) },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  seen.push(`${response.status} ${JSON.stringify([...response.headers])} ${text}`);
  return { status: response.status, text, headers: response.headers };
}

/** The `data:` payloads of an SSE body. */
const dataOf = (text: string) =>
  text
    .split('\n\n')
    .filter(Boolean)
    .map((frame) => frame.replace(/^data: /, ''));

describe('answers that are not what was asked for', () => {
  it.each(['null-body', 'array-body', 'invalid-json', 'html', 'sse-on-json', 'null-choice', 'no-content', 'huge-headers', 'not-http', 'huge-json'])(
    '%s is a 502 that says the provider was at fault',
    async (name) => {
      const before = gateway.logs.length;
      const { status, text } = await chat(name);
      expect(status).toBe(502);
      const error = (JSON.parse(text) as { error: { type: string; message: string } }).error;
      expect(error.type).toBe('api_error');
      expect(error.message).toMatch(/provider/i);
      expect(gateway.logs.slice(before).some((line) => line.msg === 'unhandled error while serving a request')).toBe(false);
    },
  );

  it('decodes a compressed answer it did not ask for', async () => {
    const { status, text } = await chat('gzip-body');
    expect(status).toBe(200);
    expect((JSON.parse(text) as { choices: Array<{ message: { content: string } }> }).choices[0].message.content).toBe('fine');
  });
});

describe('garbled streams', () => {
  it.each(['garbage-not-json', 'garbage-truncated', 'garbage-binary', 'garbage-empty', 'garbage-multiline', 'huge-event'])(
    '%s ends the stream with one error event, no [DONE] and no line the provider injected',
    async (name) => {
      const { status, text } = await chat(name, true);
      expect(status).toBe(200);
      const events = dataOf(text);
      expect(events).not.toContain('[DONE]');
      for (const event of events) expect(() => JSON.parse(event) as unknown).not.toThrow();
      expect(text).not.toMatch(/^event:/m);
      expect(JSON.parse(events.at(-1)!)).toMatchObject({ error: { type: 'api_error' } });
      expect(events.filter((event) => event.includes('"error"'))).toHaveLength(1);
    },
  );

  it('stops reading a line without end: the stream fails and the gateway keeps its memory', async () => {
    const rssBefore = process.memoryUsage().rss;
    for (let round = 0; round < 5; round++) {
      const { text } = await chat('endless-line', true);
      expect(JSON.parse(dataOf(text).at(-1)!)).toMatchObject({ error: { code: 'stream_event_too_large' } });
    }
    // Each line is cut at 256 KiB; unbounded, five would be gigabytes. The bound leaves room for the test process itself.
    expect(process.memoryUsage().rss - rssBefore).toBeLessThan(150 * 1024 * 1024);
  });
});

describe('garbled streams relayed in the Messages and Responses dialects', () => {
  const cases = ['garbage-not-json', 'garbage-truncated', 'garbage-binary', 'garbage-empty', 'garbage-multiline', 'huge-event'].flatMap((name) =>
    (['messages', 'responses'] as const).map((dialect) => [dialect, name] as const),
  );

  it.each(cases)("%s: %s ends with the dialect's error events, every line one the gateway vouches for", async (dialect, name) => {
    const { status, text } = await relayed(dialect, name);
    expect(status).toBe(200);
    const frames = text.split('\n\n').filter(Boolean);
    for (const frame of frames) {
      const lines = frame.split('\n');
      expect(lines.length).toBeLessThanOrEqual(2);
      for (const line of lines) expect(line).toMatch(/^(event: [\w.]+|data: \{.*\})$/);
      expect(() => JSON.parse(lines.at(-1)!.slice('data: '.length)) as unknown).not.toThrow();
    }
    expect(text).not.toContain('[DONE]');
    const names = frames.map((frame) => /^event: (.+)$/m.exec(frame)?.[1]);
    expect(names.filter((event) => event === 'error')).toHaveLength(1);
    expect(names.at(-1)).toBe(dialect === 'messages' ? 'error' : 'response.failed');
  });

  const malformed = ['null-body', 'array-body', 'invalid-json', 'html', 'sse-on-json', 'no-content', 'not-http', 'huge-json'].flatMap((name) =>
    (['messages', 'responses'] as const).map((dialect) => [dialect, name] as const),
  );

  it.each(malformed)("%s: %s is a 502 in the dialect's error shape", async (dialect, name) => {
    const before = gateway.logs.length;
    const { status, text } = await relayed(dialect, name, false);
    expect(status).toBe(502);
    const body = JSON.parse(text) as { type?: string; error: { type: string; message: string } };
    if (dialect === 'messages') expect(body.type).toBe('error');
    expect(body.error.type).toBe('api_error');
    expect(body.error.message).toMatch(/provider/i);
    expect(gateway.logs.slice(before).some((line) => line.msg === 'unhandled error while serving a request')).toBe(false);
  });

  it.each(['messages', 'responses'] as const)('%s: the provider key quoted in an error never reaches the caller', async (dialect) => {
    const { status, text, headers } = await relayed(dialect, 'key-in-fields', false);
    expect(status).toBe(401);
    expect(text).not.toContain(KEY.slice(12));
    expect(JSON.stringify([...headers])).not.toContain(KEY.slice(12));
  });
});

describe('the provider key, quoted back', () => {
  it('never reaches the caller in message, param, code or headers', async () => {
    const { status, text, headers } = await chat('key-in-fields');
    expect(status).toBe(401);
    expect(text).not.toContain(KEY.slice(12));
    expect(JSON.stringify([...headers])).not.toContain(KEY.slice(12));
  });

  it('is taken out before a long message is cut, so no part of it straddles the cut', async () => {
    const { text } = await chat('key-at-cut');
    for (let start = 0; start + 10 <= KEY.length; start += 5) expect(text).not.toContain(KEY.slice(start, start + 10));
  });

  it.each(['key-in-fields', 'key-gzip'])('never reaches a /proxy caller (%s), compressed or not, body or headers', async (name) => {
    const { status, text, headers } = await proxied(name);
    expect(status).toBe(401);
    expect(text).toContain('[redacted]');
    expect(text).not.toContain(KEY.slice(12));
    expect(headers.get('x-echo-key')).toBeNull();
  });

  it('answers a /proxy error body too large to check with a 502 of its own', async () => {
    const { status, text } = await proxied('key-huge-error');
    expect(status).toBe(502);
    expect(text).not.toContain(KEY.slice(12));
  });
});

describe('/proxy and a provider that stalls', () => {
  it('answers 504 when the provider sends headers and then nothing', async () => {
    const { status, text, ms } = await proxied('silent-after-headers');
    expect(status).toBe(504);
    expect(JSON.parse(text)).toMatchObject({ error: { type: 'timeout_error' } });
    // CLIENT_STREAM_IDLE_TIMEOUT is 1 s; the bound leaves room for a loaded machine.
    expect(ms).toBeLessThan(8_000);
  });

  it('ends a trickling answer at CLIENT_TIMEOUT', async () => {
    const { ms } = await proxied('trickle');
    // One byte every 300 ms would go on for ever; CLIENT_TIMEOUT is 2 s, the bound leaves room for load.
    expect(ms).toBeLessThan(10_000);
    expect(ms).toBeGreaterThan(1_500);
  });

  it.each(['huge-headers', 'not-http'])('answers a malformed HTTP answer (%s) with a 502', async (name) => {
    expect((await proxied(name)).status).toBe(502);
  });
});

describe('secrets', () => {
  it('never showed the provider key in any answer or log line of this file', () => {
    const everything = [...seen, ...gateway.rawLogs].join('\n');
    expect(seen.length).toBeGreaterThan(20);
    for (let start = 0; start + 12 <= KEY.length; start += 6) expect(everything).not.toContain(KEY.slice(start, start + 12));
  });
});
