import OpenAI from 'openai';
import { ANTHROPIC_CACHE, ANTHROPIC_TEXT, ANTHROPIC_USAGE } from '../support/anthropic-responses.js';
import { disconnectDuringStream } from '../support/disconnect.js';
import { startTestGateway, type TestGateway } from '../support/gateway-harness.js';
import { startMockAnthropicUpstream, type MockAnthropicUpstream } from '../support/mock-anthropic-upstream.js';
import { MOCK_KEY } from '../support/mock-openai-upstream.js';

const CLIENT_TOKEN = 'client-token-never-forwarded-5d1e';
const MODEL = 'anthropic/claude-sonnet-4-5-20250929';
const WEATHER_TOOL = {
  type: 'function' as const,
  function: {
    name: 'get_weather',
    description: 'Weather by city',
    parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
  },
};
const USAGE = {
  prompt_tokens: ANTHROPIC_USAGE.input_tokens,
  completion_tokens: ANTHROPIC_USAGE.output_tokens,
  total_tokens: ANTHROPIC_USAGE.input_tokens + ANTHROPIC_USAGE.output_tokens,
};

let mock: MockAnthropicUpstream;
let gateway: TestGateway;
let client: OpenAI;

beforeAll(async () => {
  mock = await startMockAnthropicUpstream();
  gateway = await startTestGateway({ ANTHROPIC_API_URL: mock.baseUrl, ANTHROPIC_API_KEY: MOCK_KEY });
  client = new OpenAI({ baseURL: `${gateway.url}/v1`, apiKey: CLIENT_TOKEN, maxRetries: 0 });
});

afterAll(async () => {
  await gateway?.close();
  await mock?.close();
});

afterEach(() => expect(mock.unexpected).toEqual([]));

const lastRequest = () => mock.requests.at(-1)!;
type Json = Record<string, unknown>;

async function collect(stream: AsyncIterable<OpenAI.Chat.Completions.ChatCompletionChunk>) {
  const chunks: OpenAI.Chat.Completions.ChatCompletionChunk[] = [];
  for await (const chunk of stream) chunks.push(chunk);
  return chunks;
}

/** The raw SSE bytes the gateway writes for a streaming request. */
async function rawStream(content: string): Promise<{ status: number; text: string }> {
  const response = await fetch(`${gateway.url}/v1/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ model: MODEL, stream: true, messages: [{ role: 'user', content }] }),
  });
  return { status: response.status, text: await response.text() };
}

describe('anthropic through the openai client', () => {
  it('answers a completion, calling /v1/messages with the key, the API version, max_tokens and a hoisted system prompt', async () => {
    const completion = await client.chat.completions.create({
      model: MODEL,
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'Hi' },
      ],
    });

    expect(completion.object).toBe('chat.completion');
    expect(completion.choices[0].message.content).toBe(ANTHROPIC_TEXT);
    expect(completion.choices[0].finish_reason).toBe('stop');
    expect(completion.usage).toMatchObject({ ...USAGE, prompt_tokens_details: { cached_tokens: 0 } });
    const sent = lastRequest();
    expect(sent.path).toBe('/v1/messages');
    expect(sent.headers['x-api-key']).toBe(MOCK_KEY);
    expect(sent.headers['anthropic-version']).toBe('2023-06-01');
    expect(sent.headers.authorization).toBeUndefined();
    expect(JSON.stringify(sent.headers)).not.toContain(CLIENT_TOKEN);
    expect(sent.body).toEqual({
      model: 'claude-sonnet-4-5-20250929',
      max_tokens: 4096,
      system: 'Be brief.',
      messages: [{ role: 'user', content: [{ type: 'text', text: 'Hi' }] }],
    });
  });

  it('streams text, with usage in one final chunk when asked', async () => {
    const chunks = await collect(
      await client.chat.completions.create({
        model: MODEL,
        messages: [{ role: 'user', content: 'Hi' }],
        stream: true,
        stream_options: { include_usage: true },
      }),
    );

    expect(chunks[0].choices[0].delta.role).toBe('assistant');
    expect(chunks.map((chunk) => chunk.choices[0]?.delta.content ?? '').join('')).toBe(ANTHROPIC_TEXT);
    expect(chunks.filter((chunk) => chunk.choices[0]?.finish_reason).map((chunk) => chunk.choices[0].finish_reason)).toEqual(['stop']);
    const last = chunks.at(-1)!;
    expect(last.choices).toEqual([]);
    expect(last.usage).toMatchObject(USAGE);
    for (const chunk of chunks.slice(0, -1)) expect(chunk.usage).toBeNull();
    expect(new Set(chunks.map((chunk) => chunk.id)).size).toBe(1);
    expect(new Set(chunks.map((chunk) => chunk.created)).size).toBe(1);
    expect(lastRequest().body).toMatchObject({ stream: true });
    expect(lastRequest().body).not.toHaveProperty('stream_options');
  });

  it('streams without any usage key when not asked, and ends with [DONE]', async () => {
    const chunks = await collect(await client.chat.completions.create({ model: MODEL, messages: [{ role: 'user', content: 'Hi' }], stream: true }));
    for (const chunk of chunks) {
      expect(chunk).not.toHaveProperty('usage');
      expect(chunk.choices).toHaveLength(1);
    }
    const raw = await rawStream('Hi');
    expect(raw.status).toBe(200);
    expect(raw.text.endsWith('data: [DONE]\n\n')).toBe(true);
    expect(raw.text.match(/\[DONE\]/g)).toHaveLength(1);
  });

  it('returns tool calls without streaming, arguments as JSON strings', async () => {
    const completion = await client.chat.completions.create({
      model: MODEL,
      messages: [{ role: 'user', content: 'Weather in Paris and Rome? #tools' }],
      tools: [WEATHER_TOOL],
      tool_choice: 'required',
      parallel_tool_calls: true,
    });

    const message = completion.choices[0].message;
    expect(completion.choices[0].finish_reason).toBe('tool_calls');
    expect(message.content).toBe('Let me check.');
    expect(message.tool_calls?.map((call) => call.type === 'function' && [call.id, call.function.name, JSON.parse(call.function.arguments)])).toEqual([
      ['toolu_01Paris', 'get_weather', { city: 'Paris' }],
      ['toolu_02Rome', 'get_weather', { city: 'Rome' }],
    ]);
    expect(lastRequest().body).toMatchObject({
      tools: [{ name: 'get_weather', description: 'Weather by city', input_schema: WEATHER_TOOL.function.parameters }],
      tool_choice: { type: 'any' },
    });
  });

  it('streams tool calls that the client assembles, indexed from 0 after the text block', async () => {
    const runner = client.chat.completions.stream({
      model: MODEL,
      messages: [{ role: 'user', content: 'Weather in Paris and Rome? #tools' }],
      tools: [WEATHER_TOOL],
    });
    const chunks: OpenAI.Chat.Completions.ChatCompletionChunk[] = [];
    runner.on('chunk', (chunk) => chunks.push(chunk));
    const completion = await runner.finalChatCompletion();

    expect(completion.choices[0].finish_reason).toBe('tool_calls');
    expect(completion.choices[0].message.content).toBe('Let me check.');
    expect(completion.choices[0].message.tool_calls?.map((call) => call.type === 'function' && [call.id, JSON.parse(call.function.arguments)])).toEqual([
      ['toolu_01Paris', { city: 'Paris' }],
      ['toolu_02Rome', { city: 'Rome' }],
    ]);
    const indexes = chunks.flatMap((chunk) => chunk.choices[0]?.delta.tool_calls ?? []).map((delta) => delta.index);
    expect([...new Set(indexes)]).toEqual([0, 1]);
  });

  it('sends a tool round trip the way Anthropic accepts it: tool_use turn, then tool results first and merged', async () => {
    const completion = await client.chat.completions.create({
      model: MODEL,
      messages: [
        { role: 'developer', content: 'Use Celsius.' },
        { role: 'user', content: 'Weather in Paris and Rome?' },
        {
          role: 'assistant',
          content: null,
          tool_calls: [
            { id: 'call_first_1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } },
            { id: 'toolu_second_2', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Rome"}' } },
          ],
        },
        { role: 'tool', tool_call_id: 'call_first_1', content: '18C' },
        { role: 'tool', tool_call_id: 'toolu_second_2', content: '24C' },
        { role: 'user', content: 'Answer in one line.' },
      ],
      tools: [WEATHER_TOOL],
    });

    expect(completion.choices[0].message.content).toBe(ANTHROPIC_TEXT);
    const sent = lastRequest().body as Json;
    expect(sent.system).toBe('Use Celsius.');
    expect(sent.messages).toEqual([
      { role: 'user', content: [{ type: 'text', text: 'Weather in Paris and Rome?' }] },
      {
        role: 'assistant',
        content: [
          { type: 'tool_use', id: 'call_first_1', name: 'get_weather', input: { city: 'Paris' } },
          { type: 'tool_use', id: 'toolu_second_2', name: 'get_weather', input: { city: 'Rome' } },
        ],
      },
      {
        role: 'user',
        content: [
          { type: 'tool_result', tool_use_id: 'call_first_1', content: '18C' },
          { type: 'tool_result', tool_use_id: 'toolu_second_2', content: '24C' },
          { type: 'text', text: 'Answer in one line.' },
        ],
      },
    ]);
  });

  it.each([
    ['#max_tokens', 'length'],
    ['#refusal', 'content_filter'],
  ])('maps the stop reason of %s to %s, streaming or not', async (word, finish) => {
    const completion = await client.chat.completions.create({ model: MODEL, messages: [{ role: 'user', content: `Hi ${word}` }] });
    expect(completion.choices[0].finish_reason).toBe(finish);
    const chunks = await collect(await client.chat.completions.create({ model: MODEL, messages: [{ role: 'user', content: `Hi ${word}` }], stream: true }));
    expect(chunks.filter((chunk) => chunk.choices[0]?.finish_reason).map((chunk) => chunk.choices[0].finish_reason)).toEqual([finish]);
  });

  it('counts cache reads and writes in prompt tokens, cache reads as cached tokens', async () => {
    const prompt = ANTHROPIC_USAGE.input_tokens + ANTHROPIC_CACHE.cache_creation_input_tokens + ANTHROPIC_CACHE.cache_read_input_tokens;
    const expected = { prompt_tokens: prompt, completion_tokens: 9, total_tokens: prompt + 9, prompt_tokens_details: { cached_tokens: 1024 } };
    const completion = await client.chat.completions.create({ model: MODEL, messages: [{ role: 'user', content: 'Hi #cache' }] });
    expect(completion.usage).toMatchObject(expected);
    const chunks = await collect(
      await client.chat.completions.create({
        model: MODEL,
        messages: [{ role: 'user', content: 'Hi #cache' }],
        stream: true,
        stream_options: { include_usage: true },
      }),
    );
    expect(chunks.at(-1)!.usage).toMatchObject(expected);
  });

  it('exposes thinking as reasoning_content, asking for a budget from reasoning_effort', async () => {
    const completion = await client.chat.completions.create({
      model: MODEL,
      messages: [{ role: 'user', content: 'Hi #thinking' }],
      reasoning_effort: 'low',
      temperature: 0.5,
    });
    const message = completion.choices[0].message as OpenAI.Chat.Completions.ChatCompletionMessage & { reasoning_content?: string };
    expect(message.content).toBe(ANTHROPIC_TEXT);
    expect(message.reasoning_content).toBe('The user says hello. I greet back.');
    expect(lastRequest().body).toMatchObject({ thinking: { type: 'enabled', budget_tokens: 1024 }, max_tokens: 4096 + 1024 });
    expect(lastRequest().body).not.toHaveProperty('temperature');

    const chunks = await collect(await client.chat.completions.create({ model: MODEL, messages: [{ role: 'user', content: 'Hi #thinking' }], stream: true }));
    const deltas = chunks.map((chunk) => chunk.choices[0]?.delta as { content?: string; reasoning_content?: string });
    expect(deltas.map((delta) => delta.reasoning_content ?? '').join('')).toBe('The user says hello. I greet back.');
    expect(deltas.map((delta) => delta.content ?? '').join('')).toBe(ANTHROPIC_TEXT);
  });

  it('sends data-URL images as base64 sources and https images as url sources', async () => {
    await client.chat.completions.create({
      model: MODEL,
      messages: [
        {
          role: 'user',
          content: [
            { type: 'text', text: 'What is this?' },
            { type: 'image_url', image_url: { url: 'data:image/png;base64,iVBORw0KGgo=' } },
            { type: 'image_url', image_url: { url: 'https://example.com/cat.jpg' } },
          ],
        },
      ],
    });
    expect((lastRequest().body!.messages as Json[])[0].content).toEqual([
      { type: 'text', text: 'What is this?' },
      { type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'iVBORw0KGgo=' } },
      { type: 'image', source: { type: 'url', url: 'https://example.com/cat.jpg' } },
    ]);
  });

  it('keeps an upstream 429 with its retry-after, as an OpenAI error', async () => {
    const error = (await client.chat.completions
      .create({ model: MODEL, messages: [{ role: 'user', content: 'Hi #error:429' }] })
      .catch((caught) => caught)) as InstanceType<typeof OpenAI.APIError>;
    expect(error).toBeInstanceOf(OpenAI.RateLimitError);
    expect(error.status).toBe(429);
    expect(error.headers?.get('retry-after')).toBe('7');
    expect(error.error).toMatchObject({ message: 'Mock failure 429', type: 'rate_limit_error', code: 'rate_limit_exceeded' });
  });

  it('answers an overloaded 529 as 503 with retry-after, also for a stream that had not started', async () => {
    for (const stream of [false, true]) {
      const response = await fetch(`${gateway.url}/v1/chat/completions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ model: MODEL, stream, messages: [{ role: 'user', content: 'Hi #error:529' }] }),
      });
      expect(response.status).toBe(503);
      expect(response.headers.get('retry-after')).toBe('2');
      expect(await response.json()).toEqual({ error: { message: 'Overloaded', type: 'overloaded_error', param: null, code: 'overloaded' } });
    }
  });

  it('reports an unknown model as a 404 model_not_found', async () => {
    const error = (await client.chat.completions
      .create({ model: 'anthropic/claude-nope', messages: [{ role: 'user', content: 'Hi' }] })
      .catch((caught) => caught)) as InstanceType<typeof OpenAI.APIError>;
    expect(error.status).toBe(404);
    expect(error.code).toBe('model_not_found');
  });

  it('refuses content Anthropic cannot take with a 400, before calling it', async () => {
    const before = mock.requests.length;
    const error = (await client.chat.completions
      .create({ model: MODEL, messages: [{ role: 'user', content: [{ type: 'input_audio', input_audio: { data: 'AAAA', format: 'wav' } }] }] })
      .catch((caught) => caught)) as InstanceType<typeof OpenAI.APIError>;
    expect(error.status).toBe(400);
    expect(error.param).toBe('messages[0].content[0].type');
    expect(mock.requests.length).toBe(before);
  });

  it('ends a stream hit by an error event with one OpenAI error event and no [DONE]', async () => {
    const raw = await rawStream('Hi #midstream-error');
    expect(raw.status).toBe(200);
    expect(raw.text).not.toContain('[DONE]');
    const events = raw.text.trim().split('\n\n');
    expect(JSON.parse(events.at(-1)!.replace(/^data: /, ''))).toEqual({
      error: { message: 'Overloaded', type: 'overloaded_error', param: null, code: 'overloaded' },
    });

    const stream = await client.chat.completions.create({ model: MODEL, messages: [{ role: 'user', content: 'Hi #midstream-error' }], stream: true });
    await expect(collect(stream)).rejects.toThrow('Overloaded');
  });

  it('ends a stream cut before message_stop with an error event and no [DONE], whether the connection resets or ends', async () => {
    for (const word of ['#truncate', '#incomplete']) {
      const raw = await rawStream(`Hi ${word}`);
      expect(raw.text).toContain('"content":"Hello ');
      expect(raw.text).not.toContain('[DONE]');
      expect(raw.text).not.toContain('finish_reason":"stop');
      expect(
        JSON.parse(
          raw.text
            .trim()
            .split('\n\n')
            .at(-1)!
            .replace(/^data: /, ''),
        ),
      ).toMatchObject({ error: { type: 'api_error', code: 'stream_truncated' } });
    }
  });

  it('aborts the upstream stream when the client goes away', async () => {
    await disconnectDuringStream(gateway.url, { model: MODEL, stream: true, messages: [{ role: 'user', content: 'Hi #slow:100' }] });
    const record = lastRequest();
    for (let i = 0; i < 50 && !record.aborted; i++) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(record.aborted).toBe(true);
  });

  it('lists every model page with the anthropic/ prefix', async () => {
    const page = await client.models.list({ query: { provider: 'anthropic' } });
    expect(page.data.map((model) => model.id)).toEqual([
      'anthropic/claude-sonnet-4-5-20250929',
      'anthropic/claude-haiku-4-5-20251001',
      'anthropic/claude-3-haiku-20240307',
    ]);
    expect(page.data[0]).toEqual({ id: 'anthropic/claude-sonnet-4-5-20250929', object: 'model', created: 1759104000, owned_by: 'anthropic' });
    const listings = mock.requests.filter((request) => request.path.startsWith('/v1/models'));
    expect(listings.map((request) => new URL(request.path, 'http://mock').searchParams.get('after_id'))).toEqual([null, 'claude-haiku-4-5-20251001']);
    expect(listings.every((request) => request.headers['anthropic-version'] === '2023-06-01')).toBe(true);
  });

  it('keeps the key out of the logs', () => {
    expect(gateway.rawLogs.join('\n')).not.toContain(MOCK_KEY);
  });
});
