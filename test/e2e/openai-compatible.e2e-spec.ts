import OpenAI from 'openai';
import { MOCK_KEY } from '../support/mock-openai-upstream.js';
import { MOCK_USAGE, textOf } from '../support/openai-responses.js';
import { KEYLESS_FLAVOURS, knownModels, type Flavour } from '../support/openai-flavours.js';
import { OPENAI_FORMAT_FLAVOURS, startOpenAiUpstreams, startTestGateway, type TestGateway, type Upstreams } from '../support/gateway-harness.js';

const CLIENT_TOKEN = 'client-token-never-forwarded-91b2';
const WEATHER_TOOL = {
  type: 'function' as const,
  function: {
    name: 'get_weather',
    description: 'Weather by city',
    parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
  },
};

let upstreams: Upstreams;
let gateway: TestGateway;
let client: OpenAI;

beforeAll(async () => {
  upstreams = await startOpenAiUpstreams(OPENAI_FORMAT_FLAVOURS);
  gateway = await startTestGateway(upstreams.env);
  client = new OpenAI({ baseURL: `${gateway.url}/v1`, apiKey: CLIENT_TOKEN, maxRetries: 0 });
});

afterAll(async () => {
  await gateway?.close();
  await upstreams?.closeAll();
});

afterEach(() => {
  for (const mock of Object.values(upstreams.mocks)) expect(mock.unexpected).toEqual([]);
});

const modelOf = (flavour: Flavour) => `${flavour}/${knownModels(flavour)[0]}`;
const lastRequest = (flavour: Flavour) => upstreams.mocks[flavour].requests.at(-1)!;

describe.each(OPENAI_FORMAT_FLAVOURS)('%s through the openai client', (flavour) => {
  it('answers a non-streaming completion and sends the upstream model, key and path', async () => {
    const completion = await client.chat.completions.create({ model: modelOf(flavour), messages: [{ role: 'user', content: 'Hi' }] });

    expect(completion.choices[0].message.content).toBe(textOf(flavour));
    expect(completion.choices[0].finish_reason).toBe('stop');
    expect(completion.usage).toMatchObject(MOCK_USAGE);
    const sent = lastRequest(flavour);
    expect(sent.body?.model).toBe(knownModels(flavour)[0]);
    expect(sent.headers.authorization).toBe(KEYLESS_FLAVOURS.includes(flavour) ? undefined : `Bearer ${MOCK_KEY}`);
    expect(JSON.stringify(sent.headers)).not.toContain(CLIENT_TOKEN);
  });

  it('streams text and puts usage in one final chunk when asked', async () => {
    const stream = await client.chat.completions.create({
      model: modelOf(flavour),
      messages: [{ role: 'user', content: 'Hi' }],
      stream: true,
      stream_options: { include_usage: true },
    });
    const chunks = [];
    for await (const chunk of stream) chunks.push(chunk);

    expect(chunks.map((chunk) => chunk.choices[0]?.delta.content ?? '').join('')).toBe('Hello!');
    expect(chunks[0].choices[0].delta.role).toBe('assistant');
    expect(chunks.filter((chunk) => chunk.choices[0]?.finish_reason).map((chunk) => chunk.choices[0].finish_reason)).toEqual(['stop']);
    const last = chunks.at(-1)!;
    expect(last.choices).toEqual([]);
    expect(last.usage).toMatchObject(MOCK_USAGE);
    for (const chunk of chunks.slice(0, -1)) expect(chunk.usage).toBeNull();
    expect(new Set(chunks.map((chunk) => chunk.id)).size).toBe(1);
  });

  it('streams without any usage when the client did not ask for it', async () => {
    const stream = await client.chat.completions.create({ model: modelOf(flavour), messages: [{ role: 'user', content: 'Hi' }], stream: true });
    const chunks = [];
    for await (const chunk of stream) chunks.push(chunk);
    expect(chunks.length).toBeGreaterThan(2);
    for (const chunk of chunks) {
      expect(chunk).not.toHaveProperty('usage');
      expect(chunk.choices).toHaveLength(1);
    }
  });

  it('returns tool calls without streaming', async () => {
    const completion = await client.chat.completions.create({
      model: modelOf(flavour),
      messages: [{ role: 'user', content: 'Weather in Paris and Rome? #tools' }],
      tools: [WEATHER_TOOL],
    });
    const message = completion.choices[0].message;
    expect(completion.choices[0].finish_reason).toBe('tool_calls');
    expect(message.content).toBeNull();
    expect(message.tool_calls?.map((call) => call.type === 'function' && JSON.parse(call.function.arguments))).toEqual([{ city: 'Paris' }, { city: 'Rome' }]);
  });

  it('streams tool calls that the client assembles, with finish_reason tool_calls', async () => {
    const runner = client.chat.completions.stream({
      model: modelOf(flavour),
      messages: [{ role: 'user', content: 'Weather in Paris and Rome? #tools' }],
      tools: [WEATHER_TOOL],
    });
    const completion = await runner.finalChatCompletion();
    expect(completion.choices[0].finish_reason).toBe('tool_calls');
    const calls = completion.choices[0].message.tool_calls ?? [];
    expect(calls.map((call) => call.type === 'function' && [call.function.name, JSON.parse(call.function.arguments)])).toEqual([
      ['get_weather', { city: 'Paris' }],
      ['get_weather', { city: 'Rome' }],
    ]);
    expect(calls.every((call) => typeof call.id === 'string' && call.id.length > 0)).toBe(true);
  });

  it('accepts a tool round trip (assistant tool_calls, tool results, next turn)', async () => {
    const completion = await client.chat.completions.create({
      model: modelOf(flavour),
      messages: [
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
    expect(completion.choices[0].message.content).toBe(textOf(flavour));
    const sent = lastRequest(flavour).body!.messages as Array<{ role: string; tool_calls?: Array<{ id: string }>; tool_call_id?: string }>;
    const callIds = sent[1].tool_calls!.map((call) => call.id);
    expect([sent[2].tool_call_id, sent[3].tool_call_id]).toEqual(callIds);
  });

  it('keeps an upstream 429 with its retry-after, as an OpenAI error', async () => {
    const error = await client.chat.completions
      .create({ model: modelOf(flavour), messages: [{ role: 'user', content: 'Hi #error:429' }] })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OpenAI.RateLimitError);
    const apiError = error as InstanceType<typeof OpenAI.APIError>;
    expect(apiError.status).toBe(429);
    expect(apiError.headers?.get('retry-after')).toBe('7');
    expect(apiError.message).toContain('Mock failure 429');
  });

  it('lists its models with the provider prefix', async () => {
    const page = await client.models.list({ query: { provider: flavour } });
    const ids = page.data.map((model) => model.id);
    expect(ids).toContain(modelOf(flavour));
    for (const model of page.data) {
      expect(model.id.startsWith(`${flavour}/`)).toBe(true);
      expect(model.object).toBe('model');
      expect(typeof model.created).toBe('number');
      expect(typeof model.owned_by).toBe('string');
    }
  });
});
