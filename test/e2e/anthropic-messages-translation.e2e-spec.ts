import Anthropic from '@anthropic-ai/sdk';
import { COHERE_USAGE } from '../support/cohere-responses.js';
import { startTestGateway, type TestGateway } from '../support/gateway-harness.js';
import { startMockCohereUpstream, type MockCohereUpstream } from '../support/mock-cohere-upstream.js';
import { MOCK_KEY, startMockOpenAiUpstream, type MockUpstream } from '../support/mock-openai-upstream.js';
import { MOCK_REASONING, MOCK_USAGE } from '../support/openai-responses.js';
import { parseAnthropicStream } from '../support/anthropic-stream.js';

// Anthropic's Messages API through the gateway to providers that do not speak it: the official
// SDK against the gateway, an OpenAI-format mock and the Cohere mock enforcing their own rules.

const WEATHER: Anthropic.Tool = {
  name: 'get_weather',
  description: 'Weather by city',
  input_schema: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
};
type Json = Record<string, unknown>;

let openai: MockUpstream;
let cohere: MockCohereUpstream;
let gateway: TestGateway;
let client: Anthropic;

beforeAll(async () => {
  openai = await startMockOpenAiUpstream('openai');
  cohere = await startMockCohereUpstream();
  gateway = await startTestGateway({
    OPENAI_API_URL: openai.baseUrl,
    OPENAI_API_KEY: MOCK_KEY,
    COHERE_API_URL: cohere.baseUrl,
    COHERE_API_KEY: MOCK_KEY,
    // Long enough that no ping falls between the events of a normal stream on a loaded machine.
    SERVER_STREAM_PING_INTERVAL: '150ms',
  });
  client = new Anthropic({ baseURL: gateway.url, apiKey: 'sk-ant-client', maxRetries: 0 });
});

afterAll(async () => {
  await gateway?.close();
  await openai?.close();
  await cohere?.close();
});

afterEach(() => {
  expect(openai.unexpected).toEqual([]);
  expect(cohere.unexpected).toEqual([]);
});

const sentToOpenAi = () => openai.requests.at(-1)!.body!;
const sentToCohere = () => cohere.requests.at(-1)!.body!;

async function rawStream(body: Json): Promise<string> {
  const response = await fetch(`${gateway.url}/v1/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'anthropic-version': '2023-06-01' },
    body: JSON.stringify({ max_tokens: 256, stream: true, ...body }),
  });
  expect(response.status).toBe(200);
  return response.text();
}

describe('to an OpenAI-format provider', () => {
  const MODEL = 'openai/gpt-4o-mini';

  it('answers a message', async () => {
    const message = await client.messages.create({ model: MODEL, max_tokens: 256, messages: [{ role: 'user', content: 'Hello' }] });
    expect(message).toMatchObject({
      type: 'message',
      role: 'assistant',
      model: MODEL,
      content: [{ type: 'text', text: 'Hello from openai!' }],
      stop_reason: 'end_turn',
      stop_sequence: null,
      usage: { input_tokens: MOCK_USAGE.prompt_tokens, output_tokens: MOCK_USAGE.completion_tokens },
    });
    expect(message.id).toMatch(/^msg_/);
  });

  it('translates the request: system blocks, sampling, stop sequences, user id, tools, tool choice, thinking budget', async () => {
    // (the SDK no longer types the sampling parameters, which newer Claude models refuse; it still sends them)
    await client.messages.create({
      model: MODEL,
      max_tokens: 300,
      system: [
        { type: 'text', text: 'You are terse.' },
        { type: 'text', text: 'Answer in English.', cache_control: { type: 'ephemeral' } },
      ],
      messages: [{ role: 'user', content: [{ type: 'text', text: 'Weather?', cache_control: { type: 'ephemeral' } }] }],
      temperature: 0.3,
      top_p: 0.9,
      top_k: 40,
      stop_sequences: ['END'],
      metadata: { user_id: 'user-7' },
      tools: [{ ...WEATHER, cache_control: { type: 'ephemeral' } }],
      tool_choice: { type: 'any', disable_parallel_tool_use: true },
      thinking: { type: 'enabled', budget_tokens: 5000 },
    } as Anthropic.MessageCreateParamsNonStreaming);
    expect(sentToOpenAi()).toEqual({
      model: 'gpt-4o-mini',
      messages: [
        {
          role: 'system',
          content: [
            { type: 'text', text: 'You are terse.' },
            { type: 'text', text: 'Answer in English.' },
          ],
        },
        { role: 'user', content: [{ type: 'text', text: 'Weather?' }] },
      ],
      tools: [{ type: 'function', function: { name: 'get_weather', description: 'Weather by city', parameters: WEATHER.input_schema } }],
      tool_choice: 'required',
      parallel_tool_calls: false,
      max_completion_tokens: 300,
      temperature: 0.3,
      top_p: 0.9,
      user: 'user-7',
      stop: ['END'],
      reasoning_effort: 'medium',
    });
  });

  it('streams Anthropic events in order, with the usage in message_delta', async () => {
    const types: string[] = [];
    const stream = client.messages.stream({ model: MODEL, max_tokens: 256, messages: [{ role: 'user', content: 'Hello' }] });
    stream.on('streamEvent', (event) => types.push(event.type === 'content_block_delta' ? `${event.type}:${event.delta.type}` : event.type));
    const message = await stream.finalMessage();
    expect(types).toEqual([
      'message_start',
      'content_block_start',
      'content_block_delta:text_delta',
      'content_block_delta:text_delta',
      'content_block_stop',
      'message_delta',
      'message_stop',
    ]);
    expect(message).toMatchObject({ content: [{ type: 'text', text: 'Hello!' }], stop_reason: 'end_turn', usage: { input_tokens: 9, output_tokens: 4 } });
    expect(sentToOpenAi()).toMatchObject({ stream: true, stream_options: { include_usage: true } });
  });

  it('streams tool calls with their input JSON reassembled exactly', async () => {
    const text = await rawStream({ model: MODEL, tools: [WEATHER], messages: [{ role: 'user', content: 'Weather? #tools' }] });
    const events = parseAnthropicStream(text);
    const inputs = events.filter((event) => event.type === 'content_block_start').map((event) => event.content_block as Json);
    expect(inputs).toEqual([
      { type: 'tool_use', id: 'call_openai_0', name: 'get_weather', input: {} },
      { type: 'tool_use', id: 'call_openai_1', name: 'get_weather', input: {} },
    ]);
    const json = (index: number) =>
      events
        .filter((event) => event.type === 'content_block_delta' && event.index === index)
        .map((event) => (event.delta as { partial_json: string }).partial_json)
        .join('');
    expect([json(0), json(1)]).toEqual(['{"city":"Paris"}', '{"city":"Rome"}']);
    expect(events.at(-2)).toMatchObject({ type: 'message_delta', delta: { stop_reason: 'tool_use', stop_sequence: null } });
    const message = await client.messages
      .stream({ model: MODEL, max_tokens: 256, tools: [WEATHER], messages: [{ role: 'user', content: 'Weather? #tools' }] })
      .finalMessage();
    expect(message.content).toEqual([
      { type: 'tool_use', id: 'call_openai_0', name: 'get_weather', input: { city: 'Paris' } },
      { type: 'tool_use', id: 'call_openai_1', name: 'get_weather', input: { city: 'Rome' } },
    ]);
  });

  it('reassembles the input of parallel tool calls whose fragments the provider interleaves', async () => {
    const message = await client.messages
      .stream({ model: MODEL, max_tokens: 256, tools: [WEATHER], messages: [{ role: 'user', content: 'Weather? #tools #interleaved' }] })
      .finalMessage();
    expect(message.content).toEqual([
      { type: 'tool_use', id: 'call_openai_0', name: 'get_weather', input: { city: 'Paris' } },
      { type: 'tool_use', id: 'call_openai_1', name: 'get_weather', input: { city: 'Rome' } },
    ]);
  });

  it('answers tool calls without streaming, then completes the round trip', async () => {
    const question: Anthropic.MessageParam = { role: 'user', content: 'Weather in Paris and Rome? #tools' };
    const first = await client.messages.create({ model: MODEL, max_tokens: 256, tools: [WEATHER], messages: [question] });
    expect(first.stop_reason).toBe('tool_use');
    const uses = first.content.filter((block) => block.type === 'tool_use');
    expect(uses.map((block) => block.input)).toEqual([{ city: 'Paris' }, { city: 'Rome' }]);
    const second = await client.messages.create({
      model: MODEL,
      max_tokens: 256,
      tools: [WEATHER],
      messages: [
        question,
        { role: 'assistant', content: [{ type: 'thinking', thinking: 'Two cities.', signature: 'c2lnbmVk' }, ...first.content] },
        {
          role: 'user',
          content: [
            { type: 'tool_result', tool_use_id: uses[0].id, content: 'Sunny' },
            { type: 'tool_result', tool_use_id: uses[1].id, content: [{ type: 'text', text: 'Rain' }], is_error: true },
            { type: 'text', text: 'Which is nicer?' },
          ],
        },
      ],
    });
    expect(second.content).toEqual([{ type: 'text', text: 'Hello from openai!' }]);
    expect(sentToOpenAi().messages).toEqual([
      { role: 'user', content: 'Weather in Paris and Rome? #tools' },
      {
        role: 'assistant',
        content: null,
        tool_calls: [
          { id: uses[0].id, type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } },
          { id: uses[1].id, type: 'function', function: { name: 'get_weather', arguments: '{"city":"Rome"}' } },
        ],
      },
      { role: 'tool', tool_call_id: uses[0].id, content: 'Sunny' },
      { role: 'tool', tool_call_id: uses[1].id, content: 'Error: Rain' },
      { role: 'user', content: [{ type: 'text', text: 'Which is nicer?' }] },
    ]);
  });

  it("answers the provider's reasoning as a thinking block, streamed and not", async () => {
    const message = await client.messages.create({ model: MODEL, max_tokens: 256, messages: [{ role: 'user', content: 'Hello #reasoning' }] });
    expect(message.content).toEqual([
      { type: 'thinking', thinking: MOCK_REASONING, signature: '' },
      { type: 'text', text: 'Hello from openai!' },
    ]);
    const streamed = await client.messages.stream({ model: MODEL, max_tokens: 256, messages: [{ role: 'user', content: 'Hello #reasoning' }] }).finalMessage();
    expect(streamed.content).toEqual([
      { type: 'thinking', thinking: MOCK_REASONING, signature: '' },
      { type: 'text', text: 'Hello!' },
    ]);
  });

  it('sends ping events while the provider is silent, only once the message has started', async () => {
    const text = await rawStream({ model: MODEL, messages: [{ role: 'user', content: 'Hello #slow:300' }] });
    const events = parseAnthropicStream(text).map((event) => event.type);
    expect(events[0]).toBe('message_start');
    expect(events).toContain('ping');
    expect(events.at(-1)).toBe('message_stop');
    expect(text).toContain('event: ping\ndata: {"type":"ping"}\n\n');
  });

  it('maps provider errors to Anthropic errors, retry-after kept', async () => {
    const cases: Array<[string, number, string]> = [
      ['#error:429', 429, 'rate_limit_error'],
      ['#error:500', 500, 'api_error'],
      ['#error:503', 529, 'overloaded_error'],
      ['#error:401', 401, 'authentication_error'],
    ];
    for (const [word, status, type] of cases) {
      const response = await fetch(`${gateway.url}/v1/messages`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ model: MODEL, max_tokens: 64, messages: [{ role: 'user', content: `Hello ${word}` }] }),
      });
      expect([response.status, await response.json()]).toEqual([status, { type: 'error', error: { type, message: expect.any(String) } }]);
      if (status === 429) expect(response.headers.get('retry-after')).toBe('7');
    }
    await expect(client.messages.create({ model: 'openai/no-such-model', max_tokens: 64, messages: [{ role: 'user', content: 'Hi' }] })).rejects.toMatchObject({
      status: 404,
      type: 'not_found_error',
    });
  });

  it('ends a stream that fails mid-way with one error event and no message_stop', async () => {
    const text = await rawStream({ model: MODEL, messages: [{ role: 'user', content: 'Hello #midstream-error' }] });
    const events = parseAnthropicStream(text);
    expect(events[0].type).toBe('message_start');
    expect(events.filter((event) => event.type === 'error')).toEqual([{ type: 'error', error: { type: 'api_error', message: expect.any(String) } }]);
    expect(events.at(-1)!.type).toBe('error');
    expect(events.map((event) => event.type)).not.toContain('message_stop');
  });

  it('estimates count_tokens with a tokenizer: more text, more tokens', async () => {
    const short = await client.messages.countTokens({ model: MODEL, messages: [{ role: 'user', content: 'Hello there' }] });
    const long = await client.messages.countTokens({
      model: MODEL,
      system: 'You are a helpful assistant who answers questions about the weather.',
      tools: [WEATHER],
      messages: [{ role: 'user', content: 'Hello there, what is the weather like in Paris today?' }],
    });
    expect(short.input_tokens).toBeGreaterThan(2);
    expect(long.input_tokens).toBeGreaterThan(short.input_tokens + 20);
    expect(openai.requests.some((request) => request.path.includes('count_tokens'))).toBe(false);
  });
});

describe('to Cohere', () => {
  const MODEL = 'cohere/command-a-03-2025';

  it('answers a message, streamed and not', async () => {
    const message = await client.messages.create({ model: MODEL, max_tokens: 256, system: 'Be kind.', messages: [{ role: 'user', content: 'Hello' }] });
    expect(message).toMatchObject({ model: MODEL, content: [{ type: 'text' }], stop_reason: 'end_turn' });
    const input = (usage: Anthropic.Usage) => usage.input_tokens + (usage.cache_read_input_tokens ?? 0) + (usage.cache_creation_input_tokens ?? 0);
    expect(input(message.usage)).toBe(COHERE_USAGE.tokens.input_tokens);
    expect(message.usage.output_tokens).toBe(COHERE_USAGE.tokens.output_tokens);
    expect(sentToCohere()).toMatchObject({
      model: 'command-a-03-2025',
      max_tokens: 256,
      messages: [
        { role: 'system', content: 'Be kind.' },
        { role: 'user', content: 'Hello' },
      ],
    });
    const streamed = await client.messages.stream({ model: MODEL, max_tokens: 256, messages: [{ role: 'user', content: 'Hello' }] }).finalMessage();
    expect(streamed.content).toEqual(message.content);
    expect(streamed.usage).toEqual(message.usage);
  });

  it('answers tool calls, streamed and not, with their input as objects', async () => {
    const params = { model: MODEL, max_tokens: 256, tools: [WEATHER], messages: [{ role: 'user' as const, content: 'Weather? #tools' }] };
    for (const message of [await client.messages.create(params), await client.messages.stream(params).finalMessage()]) {
      expect(message.stop_reason).toBe('tool_use');
      const uses = message.content.filter((block) => block.type === 'tool_use');
      expect(uses.map((block) => block.input)).toEqual([{ city: 'Paris' }, { city: 'Rome' }]);
    }
    expect(sentToCohere().tools).toEqual([
      { type: 'function', function: { name: 'get_weather', description: 'Weather by city', parameters: WEATHER.input_schema } },
    ]);
  });

  it("maps Cohere's errors to Anthropic errors, streamed and not", async () => {
    for (const stream of [false, true]) {
      const failure = client.messages.create({ model: MODEL, max_tokens: 64, stream, messages: [{ role: 'user', content: 'Hello #error:429' }] });
      await expect(failure).rejects.toBeInstanceOf(Anthropic.RateLimitError);
      await expect(failure).rejects.toMatchObject({ status: 429, type: 'rate_limit_error' });
    }
    await expect(client.messages.create({ model: 'cohere/no-such-model', max_tokens: 64, messages: [{ role: 'user', content: 'Hi' }] })).rejects.toMatchObject({
      status: 404,
      type: 'not_found_error',
    });
  });

  it('sends the thinking budget and answers thinking as a thinking block', async () => {
    const message = await client.messages.create({
      model: MODEL,
      max_tokens: 4096,
      thinking: { type: 'enabled', budget_tokens: 2048 },
      messages: [{ role: 'user', content: 'Hello #thinking' }],
    });
    expect(sentToCohere().thinking).toEqual({ type: 'enabled', token_budget: 2048 });
    expect(message.content[0]).toEqual({ type: 'thinking', thinking: 'A greeting deserves a greeting.', signature: '' });
  });
});
