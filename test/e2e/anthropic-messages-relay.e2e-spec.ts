import Anthropic from '@anthropic-ai/sdk';
import { ANTHROPIC_CACHE, ANTHROPIC_TEXT, ANTHROPIC_USAGE } from '../support/anthropic-responses.js';
import { signThinking } from '../support/anthropic-signatures.js';
import { startTestGateway, type TestGateway } from '../support/gateway-harness.js';
import { mockTokenCount, startMockAnthropicUpstream, type MockAnthropicUpstream } from '../support/mock-anthropic-upstream.js';
import { MOCK_KEY } from '../support/mock-openai-upstream.js';

// Anthropic's Messages API through the gateway to Anthropic: the official SDK against the gateway,
// the mock Anthropic enforcing Anthropic's rules, and the bytes the client gets compared with the
// bytes the mock sent (the relay passes them on untouched).

const CLIENT_KEY = 'sk-ant-client-key-never-forwarded-4b2c';
const MODEL = 'anthropic/claude-sonnet-4-5-20250929';
const UPSTREAM_MODEL = 'claude-sonnet-4-5-20250929';
const WEATHER: Anthropic.Tool = {
  name: 'get_weather',
  description: 'Weather by city',
  input_schema: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
};
type Json = Record<string, unknown>;

let mock: MockAnthropicUpstream;
let gateway: TestGateway;
let client: Anthropic;

beforeAll(async () => {
  mock = await startMockAnthropicUpstream();
  gateway = await startTestGateway({ ANTHROPIC_API_URL: mock.baseUrl, ANTHROPIC_API_KEY: MOCK_KEY, SERVER_MAX_REQUEST_BODY_SIZE: '64KiB' });
  client = new Anthropic({ baseURL: gateway.url, apiKey: CLIENT_KEY, maxRetries: 0 });
});

afterAll(async () => {
  await gateway?.close();
  await mock?.close();
});

afterEach(() => expect(mock.unexpected).toEqual([]));

const lastRequest = () => mock.requests.at(-1)!;

/** A raw Messages call, for the bytes: what the client gets, status and headers included. */
async function post(body: Json, headers: Record<string, string> = {}, path = '/v1/messages') {
  const response = await fetch(`${gateway.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'anthropic-version': '2023-06-01', 'x-api-key': CLIENT_KEY, ...headers },
    body: JSON.stringify(body),
  });
  return { status: response.status, headers: response.headers, text: await response.text() };
}

const ask = (content: string, extra: Json = {}) => ({ model: MODEL, max_tokens: 256, messages: [{ role: 'user', content }], ...extra });

describe('a message, relayed to Anthropic', () => {
  it('answers through the SDK with the message Anthropic wrote', async () => {
    const message = await client.messages.create({ model: MODEL, max_tokens: 256, messages: [{ role: 'user', content: 'Hello' }] });
    expect(message).toMatchObject({ type: 'message', role: 'assistant', model: UPSTREAM_MODEL, stop_reason: 'end_turn' });
    expect(message.content).toEqual([{ type: 'text', text: ANTHROPIC_TEXT, citations: null }]);
    expect(message.usage).toMatchObject({ input_tokens: ANTHROPIC_USAGE.input_tokens, output_tokens: ANTHROPIC_USAGE.output_tokens });
  });

  it('sends the body as the client sent it (model aside), with the gateway key, the client version and betas, never the client key', async () => {
    const body = { ...ask('Hello'), temperature: 0.5, metadata: { user_id: 'user-42' }, future_field: undefined };
    const result = await post(body, { 'anthropic-beta': 'prompt-caching-2024-07-31', authorization: `Bearer ${CLIENT_KEY}` }, '/v1/messages?beta=true');
    expect(result.status).toBe(200);
    const sent = lastRequest();
    expect(sent.path).toBe('/v1/messages?beta=true');
    expect(sent.body).toEqual({ ...JSON.parse(JSON.stringify(body)), model: UPSTREAM_MODEL });
    expect(sent.headers['x-api-key']).toBe(MOCK_KEY);
    expect(sent.headers['anthropic-version']).toBe('2023-06-01');
    expect(sent.headers['anthropic-beta']).toBe('prompt-caching-2024-07-31');
    expect(sent.headers.authorization).toBeUndefined();
    expect(JSON.stringify(sent.headers)).not.toContain(CLIENT_KEY);
  });

  it('logs the request with its provider and model, and never the caller key', async () => {
    await post(ask('Hello'), { 'x-request-id': 'messages-log-1' });
    const line = gateway.logs.find((entry) => entry.request_id === 'messages-log-1');
    expect(line).toMatchObject({ request: { method: 'POST', path: '/v1/messages' }, response: { status: 200 }, provider: 'anthropic', model: UPSTREAM_MODEL });
    expect(gateway.rawLogs.join('\n')).not.toContain(CLIENT_KEY);
    expect(gateway.rawLogs.join('\n')).not.toContain(MOCK_KEY);
  });

  it("passes the SDK's own anthropic-version on", async () => {
    await client.messages.create({ model: MODEL, max_tokens: 256, messages: [{ role: 'user', content: 'Hello' }] });
    expect(lastRequest().headers['anthropic-version']).toBe('2026-10-21');
  });

  it('relays the body byte for byte', async () => {
    const result = await post(ask('Weather? #tools #thinking #cache'), {});
    expect(result.status).toBe(200);
    expect(result.headers.get('content-type')).toMatch(/^application\/json/);
    expect(result.text).toBe(lastRequest().sent);
  });

  it('keeps cache_control on system, message and tool blocks unchanged', async () => {
    const system = [
      { type: 'text', text: 'You are a careful assistant.' },
      { type: 'text', text: 'Project rules: be brief.', cache_control: { type: 'ephemeral' } },
    ];
    const messages = [{ role: 'user', content: [{ type: 'text', text: 'Hello #cache', cache_control: { type: 'ephemeral', ttl: '1h' } }] }];
    const tools = [{ ...WEATHER, cache_control: { type: 'ephemeral' } }];
    const message = await client.messages.create({ model: MODEL, max_tokens: 256, system, messages, tools } as Anthropic.MessageCreateParamsNonStreaming);
    expect(lastRequest().body).toMatchObject({ system, messages, tools });
    expect(message.usage).toMatchObject(ANTHROPIC_CACHE);
  });
});

describe('a stream, relayed to Anthropic', () => {
  it('streams through the SDK: events, text and the final message', async () => {
    const stream = client.messages.stream({ model: MODEL, max_tokens: 256, messages: [{ role: 'user', content: 'Hello' }] });
    const types: string[] = [];
    let text = '';
    stream.on('streamEvent', (event) => types.push(event.type));
    stream.on('text', (delta) => (text += delta));
    const message = await stream.finalMessage();
    expect(text).toBe(ANTHROPIC_TEXT);
    expect(types[0]).toBe('message_start');
    expect(types.at(-1)).toBe('message_stop');
    expect(message).toMatchObject({
      stop_reason: 'end_turn',
      usage: { output_tokens: ANTHROPIC_USAGE.output_tokens, input_tokens: ANTHROPIC_USAGE.input_tokens },
    });
  });

  it('relays the events byte for byte, pings included, with nothing after message_stop', async () => {
    const result = await post(ask('Weather? #tools #thinking', { stream: true, tools: [WEATHER] }));
    expect(result.status).toBe(200);
    expect(result.headers.get('content-type')).toMatch(/^text\/event-stream/);
    expect(result.text).toBe(lastRequest().sent);
    expect(result.text).toContain('event: ping\n');
    expect(result.text.endsWith('event: message_stop\ndata: {"type":"message_stop"}\n\n')).toBe(true);
  });

  it('streams tool calls whose input the SDK assembles', async () => {
    const message = await client.messages
      .stream({ model: MODEL, max_tokens: 256, tools: [WEATHER], messages: [{ role: 'user', content: 'Weather? #tools' }] })
      .finalMessage();
    expect(message.stop_reason).toBe('tool_use');
    expect(message.content.filter((block) => block.type === 'tool_use').map((block) => block.input)).toEqual([{ city: 'Paris' }, { city: 'Rome' }]);
  });

  it('ends a stream that fails mid-way with the error event Anthropic sent, and no message_stop', async () => {
    const result = await post(ask('Hello #midstream-error', { stream: true }));
    expect(result.status).toBe(200);
    expect(result.text).toBe(lastRequest().sent);
    expect(result.text).toMatch(/event: error\ndata: \{"type":"error","error":\{"type":"overloaded_error","message":"Overloaded"\}\}\n\n$/);
    expect(result.text).not.toContain('message_stop');
    const stream = client.messages.stream({ model: MODEL, max_tokens: 256, messages: [{ role: 'user', content: 'Hello #midstream-error' }] });
    await expect(stream.finalMessage()).rejects.toMatchObject({ type: 'overloaded_error' });
  });

  it('ends a stream cut by the upstream with one api_error event and no message_stop', async () => {
    const result = await post(ask('Hello #truncate', { stream: true }));
    expect(result.status).toBe(200);
    expect(result.text.startsWith(lastRequest().sent.slice(0, 40))).toBe(true);
    const events = result.text.match(/^event: error$/gm) ?? [];
    expect(events).toHaveLength(1);
    expect(result.text).toMatch(/event: error\ndata: \{"type":"error","error":\{"type":"api_error","message":"[^"]+"\}\}\n\n$/);
    expect(result.text).not.toContain('message_stop');
  });
});

describe('tools and thinking, relayed to Anthropic', () => {
  it('answers tool calls without streaming', async () => {
    const message = await client.messages.create({ model: MODEL, max_tokens: 256, tools: [WEATHER], messages: [{ role: 'user', content: 'Weather? #tools' }] });
    expect(message.stop_reason).toBe('tool_use');
    expect(message.content.filter((block) => block.type === 'tool_use').map((block) => [block.id, block.input])).toEqual([
      ['toolu_01Paris', { city: 'Paris' }],
      ['toolu_02Rome', { city: 'Rome' }],
    ]);
  });

  it('completes a tool round trip', async () => {
    const question: Anthropic.MessageParam = { role: 'user', content: 'Weather in Paris and Rome? #tools' };
    const first = await client.messages.create({ model: MODEL, max_tokens: 256, tools: [WEATHER], messages: [question] });
    const results = first.content.flatMap((block) =>
      block.type === 'tool_use' ? [{ type: 'tool_result' as const, tool_use_id: block.id, content: `Sunny in ${(block.input as { city: string }).city}` }] : [],
    );
    const second = await client.messages.create({
      model: MODEL,
      max_tokens: 256,
      tools: [WEATHER],
      messages: [question, { role: 'assistant', content: first.content }, { role: 'user', content: [...results, { type: 'text', text: 'Thanks' }] }],
    });
    expect(second.content).toEqual([{ type: 'text', text: ANTHROPIC_TEXT, citations: null }]);
    expect((lastRequest().body!.messages as Json[])[2].content).toEqual([...results, { type: 'text', text: 'Thanks' }]);
  });

  it('keeps thinking signatures intact over several turns with tools, streamed and not', async () => {
    const thinking = { type: 'enabled' as const, budget_tokens: 1024 };
    const messages: Anthropic.MessageParam[] = [{ role: 'user', content: 'Weather in Paris and Rome? #tools #thinking' }];
    for (const streamed of [true, false, true]) {
      const params = { model: MODEL, max_tokens: 2048, thinking, tools: [WEATHER], messages };
      const answer = streamed ? await client.messages.stream(params).finalMessage() : await client.messages.create(params);
      expect(lastRequest().status).toBe(200);
      const block = answer.content[0];
      expect(block).toMatchObject({ type: 'thinking', signature: signThinking((block as Anthropic.ThinkingBlock).thinking) });
      messages.push({ role: 'assistant', content: answer.content });
      const results = answer.content.flatMap((item) =>
        item.type === 'tool_use' ? [{ type: 'tool_result' as const, tool_use_id: item.id, content: 'Sunny' }] : [],
      );
      messages.push({ role: 'user', content: [...results, { type: 'text', text: 'And now? #tools #thinking' }] });
    }
    // The mock checked every signature and the thinking-first rule; the conversation went through unchanged.
    expect(lastRequest().body!.messages).toEqual(JSON.parse(JSON.stringify(messages.slice(0, -2))));
  });
});

describe('count_tokens, relayed to Anthropic', () => {
  it("answers Anthropic's own count", async () => {
    const params = { model: MODEL, system: 'Be brief.', tools: [WEATHER], messages: [{ role: 'user' as const, content: 'How many tokens is this?' }] };
    const count = await client.messages.countTokens(params);
    const sent = lastRequest();
    expect(sent.path).toBe('/v1/messages/count_tokens');
    expect(sent.headers['x-api-key']).toBe(MOCK_KEY);
    expect(count.input_tokens).toBe(mockTokenCount(sent.body!));
    expect(count.input_tokens).toBeGreaterThan(10);
  });
});

describe("Anthropic's errors, relayed", () => {
  const cases: Array<[number, string, new (...args: never[]) => Error]> = [
    [400, 'invalid_request_error', Anthropic.BadRequestError],
    [401, 'authentication_error', Anthropic.AuthenticationError],
    [403, 'permission_error', Anthropic.PermissionDeniedError],
    [404, 'not_found_error', Anthropic.NotFoundError],
    [413, 'request_too_large', Anthropic.APIError],
    [429, 'rate_limit_error', Anthropic.RateLimitError],
    [500, 'api_error', Anthropic.InternalServerError],
    [529, 'overloaded_error', Anthropic.APIError],
  ];
  it.each(cases)('%i %s reaches the SDK as Anthropic sent it', async (status, type, errorClass) => {
    const failure = client.messages.create({ model: MODEL, max_tokens: 256, messages: [{ role: 'user', content: `Hello #error:${status}` }] });
    await expect(failure).rejects.toBeInstanceOf(errorClass);
    await expect(failure).rejects.toMatchObject({ status, type });
    const result = await post(ask(`Hello #error:${status}`));
    expect(result.status).toBe(status);
    expect(result.text).toBe(lastRequest().sent);
    if (status === 429) expect(result.headers.get('retry-after')).toBe('7');
    if (status === 529) expect(result.headers.get('retry-after')).toBe('2');
  });

  it("passes Anthropic's 400 for a request it refuses (non-alternating turns), naming the field", async () => {
    const result = await post({
      model: MODEL,
      max_tokens: 64,
      messages: [
        { role: 'assistant', content: 'Hi' },
        { role: 'assistant', content: 'Hi again' },
      ],
    });
    expect(result.status).toBe(400);
    expect(result.text).toBe(lastRequest().sent);
    expect(JSON.parse(result.text)).toMatchObject({ type: 'error', error: { type: 'invalid_request_error', message: expect.stringContaining('messages') } });
  });

  it('passes block types it does not know to Anthropic, which judges them', async () => {
    const result = await post({ model: MODEL, max_tokens: 64, messages: [{ role: 'user', content: [{ type: 'hologram', data: 'x' }] }] });
    expect(lastRequest().body!.messages).toEqual([{ role: 'user', content: [{ type: 'hologram', data: 'x' }] }]);
    expect(result.status).toBe(400);
    expect(JSON.parse(result.text)).toMatchObject({
      type: 'error',
      error: { type: 'invalid_request_error', message: expect.stringContaining('messages.0.content.0.type') },
    });
  });
});
