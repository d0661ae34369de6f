import OpenAI from 'openai';
import { COHERE_CHAT_MODELS, COHERE_TEXT, COHERE_USAGE } from '../support/cohere-responses.js';
import { disconnectDuringStream } from '../support/disconnect.js';
import { startTestGateway, type TestGateway } from '../support/gateway-harness.js';
import { startMockCohereUpstream, type MockCohereUpstream } from '../support/mock-cohere-upstream.js';
import { MOCK_KEY } from '../support/mock-openai-upstream.js';

const CLIENT_TOKEN = 'client-token-never-forwarded-c0e1';
const MODEL = 'cohere/command-a-03-2025';
const WEATHER_TOOL = {
  type: 'function' as const,
  function: {
    name: 'get_weather',
    description: 'Weather by city',
    parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
  },
};
const TIME_TOOL = { type: 'function' as const, function: { name: 'get_time', parameters: { type: 'object', properties: {} } } };
const USAGE = {
  prompt_tokens: COHERE_USAGE.tokens.input_tokens,
  completion_tokens: COHERE_USAGE.tokens.output_tokens,
  total_tokens: COHERE_USAGE.tokens.input_tokens + COHERE_USAGE.tokens.output_tokens,
  prompt_tokens_details: { cached_tokens: COHERE_USAGE.cached_tokens },
};

let mock: MockCohereUpstream;
let gateway: TestGateway;
let client: OpenAI;

beforeAll(async () => {
  mock = await startMockCohereUpstream();
  gateway = await startTestGateway({ COHERE_API_URL: mock.baseUrl, COHERE_API_KEY: MOCK_KEY });
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

async function rawStream(content: string): Promise<{ status: number; text: string }> {
  const response = await fetch(`${gateway.url}/v1/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ model: MODEL, stream: true, messages: [{ role: 'user', content }] }),
  });
  return { status: response.status, text: await response.text() };
}

describe('cohere through the openai client', () => {
  it('answers a completion, calling /v2/chat with the Bearer key and Cohere field names', async () => {
    const completion = await client.chat.completions.create({
      model: MODEL,
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'Hi' },
      ],
      top_p: 1,
      stop: 'END',
      max_completion_tokens: 64,
      temperature: 0.3,
    });

    expect(completion.choices[0].message.content).toBe(COHERE_TEXT);
    expect(completion.choices[0].finish_reason).toBe('stop');
    expect(completion.model).toBe('command-a-03-2025');
    expect(completion.usage).toEqual(USAGE);
    const sent = lastRequest();
    expect(sent.path).toBe('/v2/chat');
    expect(sent.headers.authorization).toBe(`Bearer ${MOCK_KEY}`);
    expect(JSON.stringify(sent.headers)).not.toContain(CLIENT_TOKEN);
    expect(sent.body).toEqual({
      model: 'command-a-03-2025',
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'Hi' },
      ],
      p: 0.99,
      stop_sequences: ['END'],
      max_tokens: 64,
      temperature: 0.3,
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
    expect(chunks.map((chunk) => chunk.choices[0]?.delta.content ?? '').join('')).toBe(COHERE_TEXT);
    expect(chunks.filter((chunk) => chunk.choices[0]?.finish_reason).map((chunk) => chunk.choices[0].finish_reason)).toEqual(['stop']);
    const last = chunks.at(-1)!;
    expect(last.choices).toEqual([]);
    expect(last.usage).toEqual(USAGE);
    for (const chunk of chunks.slice(0, -1)) expect(chunk.usage).toBeNull();
    expect(new Set(chunks.map((chunk) => chunk.id)).size).toBe(1);
    expect(lastRequest().body).toMatchObject({ stream: true });
  });

  it('streams without any usage key when not asked, ending with one [DONE] despite Cohere sending its own', async () => {
    const chunks = await collect(await client.chat.completions.create({ model: MODEL, messages: [{ role: 'user', content: 'Hi' }], stream: true }));
    for (const chunk of chunks) expect(chunk).not.toHaveProperty('usage');
    const raw = await rawStream('Hi');
    expect(raw.text.endsWith('data: [DONE]\n\n')).toBe(true);
    expect(raw.text.match(/\[DONE\]/g)).toHaveLength(1);
  });

  it('returns tool calls without streaming, the tool plan as reasoning_content', async () => {
    const completion = await client.chat.completions.create({
      model: MODEL,
      messages: [{ role: 'user', content: 'Weather in Paris and Rome? #tools' }],
      tools: [WEATHER_TOOL],
    });

    const message = completion.choices[0].message as OpenAI.Chat.Completions.ChatCompletionMessage & { reasoning_content?: string };
    expect(completion.choices[0].finish_reason).toBe('tool_calls');
    expect(message.content).toBeNull();
    expect(message.reasoning_content).toBe('I will look up the weather in both cities.');
    expect(message.tool_calls?.map((call) => call.type === 'function' && [call.id, call.function.name, JSON.parse(call.function.arguments)])).toEqual([
      ['get_weather_p4r1', 'get_weather', { city: 'Paris' }],
      ['get_weather_r0m3', 'get_weather', { city: 'Rome' }],
    ]);
    expect(lastRequest().body).toMatchObject({
      tools: [{ type: 'function', function: { name: 'get_weather', parameters: WEATHER_TOOL.function.parameters } }],
    });
    expect(lastRequest().body).not.toHaveProperty('tool_choice');
  });

  it('streams tool calls that the client assembles', async () => {
    const completion = await client.chat.completions
      .stream({
        model: MODEL,
        messages: [{ role: 'user', content: 'Weather in Paris and Rome? #tools' }],
        tools: [WEATHER_TOOL],
        stream_options: { include_usage: true },
      })
      .finalChatCompletion();

    expect(completion.choices[0].finish_reason).toBe('tool_calls');
    expect(completion.choices[0].message.tool_calls?.map((call) => call.type === 'function' && [call.id, JSON.parse(call.function.arguments)])).toEqual([
      ['get_weather_p4r1', { city: 'Paris' }],
      ['get_weather_r0m3', { city: 'Rome' }],
    ]);
    expect(completion.usage).toEqual(USAGE);
  });

  it('sends a tool round trip Cohere accepts: assistant tool calls, one tool message per result, the next turn', async () => {
    const completion = await client.chat.completions.create({
      model: MODEL,
      messages: [
        { role: 'user', content: 'Weather in Paris and Rome?' },
        {
          role: 'assistant',
          content: 'I will check both.',
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

    expect(completion.choices[0].message.content).toBe(COHERE_TEXT);
    expect((lastRequest().body as Json).messages).toEqual([
      { role: 'user', content: 'Weather in Paris and Rome?' },
      {
        role: 'assistant',
        tool_plan: 'I will check both.',
        tool_calls: [
          { id: 'call_first_1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } },
          { id: 'toolu_second_2', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Rome"}' } },
        ],
      },
      { role: 'tool', tool_call_id: 'call_first_1', content: '18C' },
      { role: 'tool', tool_call_id: 'toolu_second_2', content: '24C' },
      { role: 'user', content: 'Answer in one line.' },
    ]);
  });

  it('sends tool_choice in capitals, a named choice as that tool alone and REQUIRED', async () => {
    await client.chat.completions.create({ model: MODEL, messages: [{ role: 'user', content: 'Hi' }], tools: [WEATHER_TOOL, TIME_TOOL], tool_choice: 'none' });
    expect(lastRequest().body).toMatchObject({ tool_choice: 'NONE' });
    await client.chat.completions.create({
      model: MODEL,
      messages: [{ role: 'user', content: 'Hi #tools' }],
      tools: [WEATHER_TOOL, TIME_TOOL],
      tool_choice: { type: 'function', function: { name: 'get_time' } },
    });
    expect(lastRequest().body).toMatchObject({ tool_choice: 'REQUIRED', tools: [{ function: { name: 'get_time' } }] });
    expect((lastRequest().body as Json).tools).toHaveLength(1);
  });

  it('maps MAX_TOKENS to length and falls back to billed units for usage', async () => {
    const completion = await client.chat.completions.create({ model: MODEL, messages: [{ role: 'user', content: 'Hi #max_tokens #billed' }] });
    expect(completion.choices[0].finish_reason).toBe('length');
    expect(completion.usage).toMatchObject({ prompt_tokens: 8, completion_tokens: 5, total_tokens: 13 });
  });

  it('exposes thinking as reasoning_content, streaming or not', async () => {
    const completion = await client.chat.completions.create({ model: MODEL, messages: [{ role: 'user', content: 'Hi #thinking' }] });
    expect((completion.choices[0].message as { reasoning_content?: string }).reasoning_content).toBe('A greeting deserves a greeting.');
    expect(completion.choices[0].message.content).toBe(COHERE_TEXT);
    const chunks = await collect(await client.chat.completions.create({ model: MODEL, messages: [{ role: 'user', content: 'Hi #thinking' }], stream: true }));
    expect(chunks.map((chunk) => (chunk.choices[0]?.delta as { reasoning_content?: string }).reasoning_content ?? '').join('')).toBe(
      'A greeting deserves a greeting.',
    );
  });

  it('keeps an upstream 429 with its retry-after, as an OpenAI error', async () => {
    const error = (await client.chat.completions
      .create({ model: MODEL, messages: [{ role: 'user', content: 'Hi #error:429' }] })
      .catch((caught) => caught)) as InstanceType<typeof OpenAI.APIError>;
    expect(error).toBeInstanceOf(OpenAI.RateLimitError);
    expect(error.headers?.get('retry-after')).toBe('7');
    expect(error.error).toMatchObject({ message: 'Mock failure 429', type: 'rate_limit_error' });
  });

  it.each([
    [500, 500],
    [503, 503],
    [498, 401],
  ])('answers an upstream %i as %i, also for a stream that had not started', async (upstream, expected) => {
    for (const stream of [false, true]) {
      const response = await fetch(`${gateway.url}/v1/chat/completions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ model: MODEL, stream, messages: [{ role: 'user', content: `Hi #error:${upstream}` }] }),
      });
      expect(response.status).toBe(expected);
      expect(((await response.json()) as { error: { message: string } }).error.message).toBe(`Mock failure ${upstream}`);
    }
  });

  it('reports an unknown model as a 404 model_not_found', async () => {
    const error = (await client.chat.completions
      .create({ model: 'cohere/command-nope', messages: [{ role: 'user', content: 'Hi' }] })
      .catch((caught) => caught)) as InstanceType<typeof OpenAI.APIError>;
    expect(error.status).toBe(404);
    expect(error.code).toBe('model_not_found');
  });

  it('refuses JSON mode together with tools with a 400, before calling Cohere', async () => {
    const before = mock.requests.length;
    const error = (await client.chat.completions
      .create({ model: MODEL, messages: [{ role: 'user', content: 'Hi' }], tools: [WEATHER_TOOL], response_format: { type: 'json_object' } })
      .catch((caught) => caught)) as InstanceType<typeof OpenAI.APIError>;
    expect(error.status).toBe(400);
    expect(error.param).toBe('response_format');
    expect(mock.requests.length).toBe(before);
  });

  it('ends a stream whose message-end reports an error with one OpenAI error event and no [DONE]', async () => {
    const raw = await rawStream('Hi #midstream-error');
    expect(raw.status).toBe(200);
    expect(raw.text).not.toContain('[DONE]');
    expect(
      JSON.parse(
        raw.text
          .trim()
          .split('\n\n')
          .at(-1)!
          .replace(/^data: /, ''),
      ),
    ).toEqual({
      error: { message: 'internal server error, this may be a temporary issue', type: 'api_error', param: null, code: 'generation_failed' },
    });
    const stream = await client.chat.completions.create({ model: MODEL, messages: [{ role: 'user', content: 'Hi #midstream-error' }], stream: true });
    await expect(collect(stream)).rejects.toThrow('temporary issue');
  });

  it('ends a stream cut before message-end with an error event and no [DONE]', async () => {
    for (const word of ['#truncate', '#incomplete']) {
      const raw = await rawStream(`Hi ${word}`);
      expect(raw.text).toContain('"content":"Hello ');
      expect(raw.text).not.toContain('[DONE]');
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

  it('lists chat models that are not deprecated, every page, with the cohere/ prefix', async () => {
    const page = await client.models.list({ query: { provider: 'cohere' } });
    expect(page.data.map((model) => model.id)).toEqual(COHERE_CHAT_MODELS.map((name) => `cohere/${name}`));
    expect(page.data[0]).toEqual({ id: 'cohere/command-a-03-2025', object: 'model', created: 0, owned_by: 'cohere' });
    const listings = mock.requests.filter((request) => request.path.startsWith('/v1/models'));
    expect(listings.map((request) => new URL(request.path, 'http://mock').searchParams.get('page_token'))).toEqual([null, '2']);
    expect(listings.every((request) => new URL(request.path, 'http://mock').searchParams.get('endpoint') === 'chat')).toBe(true);
  });

  it('keeps the key out of the logs', () => {
    expect(gateway.rawLogs.join('\n')).not.toContain(MOCK_KEY);
  });
});
