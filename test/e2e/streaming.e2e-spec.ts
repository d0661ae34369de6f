import OpenAI from 'openai';
import { startOpenAiUpstreams, startTestGateway, type TestGateway, type Upstreams } from '../support/gateway-harness.js';

let upstreams: Upstreams;
let gateway: TestGateway;
let client: OpenAI;

beforeAll(async () => {
  upstreams = await startOpenAiUpstreams(['openai']);
  gateway = await startTestGateway({
    ...upstreams.env,
    CLIENT_TIMEOUT: '600ms',
    CLIENT_RESPONSE_HEADER_TIMEOUT: '600ms',
    CLIENT_STREAM_IDLE_TIMEOUT: '400ms',
  });
  client = new OpenAI({ baseURL: `${gateway.url}/v1`, apiKey: 'client-token', maxRetries: 0 });
});

afterAll(async () => {
  await gateway?.close();
  await upstreams?.closeAll();
});

const streamBody = (content: string, extra: Record<string, unknown> = {}) =>
  JSON.stringify({ model: 'openai/gpt-4o-mini', stream: true, messages: [{ role: 'user', content }], ...extra });

async function rawStream(content: string, extra: Record<string, unknown> = {}) {
  const response = await fetch(`${gateway.url}/v1/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: streamBody(content, extra),
  });
  return { response, text: await response.text() };
}

const frames = (text: string) => text.split('\n\n').filter(Boolean);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function waitFor(condition: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition() && Date.now() < deadline) await sleep(20);
}

describe('SSE on the wire', () => {
  it('logs a complete stream as one info line and nothing at error level', async () => {
    const before = gateway.logs.length;
    const { response } = await rawStream('Hi');
    expect(response.status).toBe(200);
    const lines = gateway.logs.slice(before);
    expect(lines.filter((line) => (line.level as number) >= 50)).toEqual([]);
    expect(lines.filter((line) => line.msg === 'request completed')).toHaveLength(1);
  });

  it('frames every chunk as `data: <json>` and ends with exactly `data: [DONE]`', async () => {
    const { response, text } = await rawStream('Hi', { stream_options: { include_usage: true } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    expect(response.headers.get('cache-control')).toContain('no-cache');
    expect(text.endsWith('\n\ndata: [DONE]\n\n')).toBe(true);
    const all = frames(text);
    expect(all.at(-1)).toBe('data: [DONE]');
    for (const frame of all.slice(0, -1)) {
      expect(frame.startsWith('data: {')).toBe(true);
      expect(frame).not.toContain('\nid:');
      expect(JSON.parse(frame.slice(6)).object).toBe('chat.completion.chunk');
    }
  });

  it('ends a stream whose upstream fails midway with one error event and no [DONE]', async () => {
    const { response, text } = await rawStream('Hi #midstream-error');
    expect(response.status).toBe(200);
    const all = frames(text);
    expect(text).not.toContain('[DONE]');
    const last = JSON.parse(all.at(-1)!.slice(6));
    expect(last).toEqual({ error: expect.objectContaining({ message: expect.stringContaining('server had an error'), type: 'server_error' }) });
    expect(all.filter((frame) => frame.includes('"error"'))).toHaveLength(1);
  });

  it('reports a truncated upstream stream instead of pretending it finished', async () => {
    const { text } = await rawStream('Hi #truncate');
    expect(text).not.toContain('[DONE]');
    const last = JSON.parse(frames(text).at(-1)!.slice(6));
    expect(last.error.type).toBe('api_error');
  });

  it('makes the openai client throw on a mid-stream error', async () => {
    const stream = await client.chat.completions.create({
      model: 'openai/gpt-4o-mini',
      stream: true,
      messages: [{ role: 'user', content: '#midstream-error' }],
    });
    await expect(
      (async () => {
        for await (const _chunk of stream) {
          // consume
        }
      })(),
    ).rejects.toBeInstanceOf(OpenAI.APIError);
  });

  it('forwards fields it does not know untouched, and never the caller credentials', async () => {
    const extra = { custom_vendor_field: { nested: [1, 'two', null] }, metadata: { team: 'search' }, logit_bias: { '50256': -100 } };
    await fetch(`${gateway.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: 'Bearer caller-secret-token', 'x-api-key': 'caller-other-key' },
      body: JSON.stringify({ model: 'openai/gpt-4o-mini', messages: [{ role: 'user', content: 'Hi', name: 'alice' }], ...extra }),
    });
    const sent = upstreams.mocks.openai.requests.at(-1)!;
    expect(sent.body).toMatchObject(extra);
    expect((sent.body!.messages as Array<Record<string, unknown>>)[0]).toEqual({ role: 'user', content: 'Hi', name: 'alice' });
    expect(JSON.stringify(sent.headers)).not.toMatch(/caller-secret-token|caller-other-key/);
  });
});

describe('timeouts', () => {
  it('answers 504 when a non-streaming upstream takes too long', async () => {
    const response = await fetch(`${gateway.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'openai/gpt-4o-mini', messages: [{ role: 'user', content: '#hang' }] }),
    });
    expect(response.status).toBe(504);
    expect(((await response.json()) as any).error.type).toBe('timeout_error');
  });

  it('answers 504 when a stream never starts', async () => {
    const { response } = await rawStream('#hang');
    expect(response.status).toBe(504);
  });

  it('ends a stream that goes silent between chunks with an error event', async () => {
    const { response, text } = await rawStream('#slow:900');
    expect(response.status === 504 || !text.includes('[DONE]')).toBe(true);
    if (response.status === 200) expect(JSON.parse(frames(text).at(-1)!.slice(6)).error.type).toBe('timeout_error');
  });

  it('never cuts a healthy stream that lasts longer than every timeout', async () => {
    const started = Date.now();
    const { text } = await rawStream('#long:12 #slow:100');
    expect(Date.now() - started).toBeGreaterThan(1000); // longer than CLIENT_TIMEOUT and both stream timeouts
    expect(text.slice(-300)).toMatch(/data: \[DONE\]\n\n$/);
    expect(text.endsWith('data: [DONE]\n\n')).toBe(true);
    const content = frames(text)
      .slice(0, -1)
      .map((frame) => JSON.parse(frame.slice(6)).choices[0]?.delta?.content ?? '')
      .join('');
    expect(content).toBe(Array.from({ length: 12 }, (_, i) => `t${i} `).join(''));
  });
});

describe('client disconnects', () => {
  it('aborts the upstream stream as soon as the client goes away', async () => {
    const controller = new AbortController();
    const response = await fetch(`${gateway.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: streamBody('#long:50 #slow:50'),
      signal: controller.signal,
    });
    const reader = response.body!.getReader();
    await reader.read();
    const upstreamRequest = upstreams.mocks.openai.requests.at(-1)!;
    controller.abort();
    // At once in practice; the bound is generous because the machine may be loaded.
    await waitFor(() => upstreamRequest.aborted, 5_000);
    expect(upstreamRequest.aborted).toBe(true);
  });

  it('aborts a non-streaming upstream call when the client goes away', async () => {
    const controller = new AbortController();
    const before = upstreams.mocks.openai.requests.length;
    const pending = fetch(`${gateway.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'openai/gpt-4o-mini', messages: [{ role: 'user', content: '#slow:5000' }] }),
      signal: controller.signal,
    }).catch(() => undefined);
    await waitFor(() => upstreams.mocks.openai.requests.length > before, 5_000);
    const upstreamRequest = upstreams.mocks.openai.requests.at(-1)!;
    controller.abort();
    await pending;
    // Well before the mock's 5 s answer; the bound is generous because the machine may be loaded.
    await waitFor(() => upstreamRequest.aborted, 4_000);
    expect(upstreamRequest.aborted).toBe(true);
  });
});
