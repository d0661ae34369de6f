import OpenAI from 'openai';
import type { ResponseFunctionToolCall, ResponseInputItem, ResponseStreamEvent } from 'openai/resources/responses/responses';
import { ANTHROPIC_TEXT } from '../support/anthropic-responses.js';
import { COHERE_TEXT } from '../support/cohere-responses.js';
import { startTestGateway, type TestGateway } from '../support/gateway-harness.js';
import { startMockAnthropicUpstream } from '../support/mock-anthropic-upstream.js';
import { startMockCohereUpstream } from '../support/mock-cohere-upstream.js';
import { MOCK_KEY, startMockOpenAiUpstream } from '../support/mock-openai-upstream.js';
import { STRUCTURED_TEXT, type MockServer } from '../support/mock-server.js';
import { textOf } from '../support/openai-responses.js';

/**
 * The Responses API in front of providers that do not speak it: the official client's
 * `responses.create` and `responses.stream()` (whose accumulator checks every event's order and
 * identity) against Anthropic, Cohere and OpenAI-format chat-only providers, through the hub.
 */

type Json = Record<string, unknown>;

interface Target {
  provider: string;
  model: string;
  text: (stream: boolean) => string;
  start(): Promise<{ server: MockServer; env: Record<string, string> }>;
}

const TARGETS: Target[] = [
  {
    provider: 'anthropic',
    model: 'anthropic/claude-sonnet-4-5-20250929',
    text: () => ANTHROPIC_TEXT,
    start: async () => {
      const server = await startMockAnthropicUpstream();
      return { server, env: { ANTHROPIC_API_URL: server.baseUrl, ANTHROPIC_API_KEY: MOCK_KEY } };
    },
  },
  {
    provider: 'cohere',
    model: 'cohere/command-a-03-2025',
    text: () => COHERE_TEXT,
    start: async () => {
      const server = await startMockCohereUpstream();
      return { server, env: { COHERE_API_URL: server.baseUrl, COHERE_API_KEY: MOCK_KEY } };
    },
  },
  ...(['groq', 'mistral'] as const).map((flavour): Target => ({
    provider: flavour,
    model: flavour === 'groq' ? 'groq/llama-3.3-70b-versatile' : 'mistral/mistral-large-latest',
    text: (stream) => (stream ? 'Hello!' : textOf(flavour)),
    start: async () => {
      const mock = await startMockOpenAiUpstream(flavour);
      const prefix = flavour.toUpperCase();
      const server: MockServer = { origin: mock.baseUrl, requests: mock.requests, unexpected: mock.unexpected, close: mock.close };
      return { server, env: { [`${prefix}_API_URL`]: mock.baseUrl, [`${prefix}_API_KEY`]: MOCK_KEY } };
    },
  })),
];

const WEATHER_TOOL = {
  type: 'function' as const,
  name: 'get_weather',
  description: 'Weather by city',
  parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'], additionalProperties: false },
  strict: false,
};
const WEATHER_SCHEMA = {
  type: 'object',
  properties: { city: { type: 'string' }, temperature_c: { type: 'number' } },
  required: ['city', 'temperature_c'],
  additionalProperties: false,
};

const mocks: MockServer[] = [];
let gateway: TestGateway;
let client: OpenAI;

beforeAll(async () => {
  const env: Record<string, string> = {};
  for (const target of TARGETS) {
    const started = await target.start();
    mocks.push(started.server);
    Object.assign(env, started.env);
  }
  gateway = await startTestGateway(env);
  client = new OpenAI({ baseURL: `${gateway.url}/v1`, apiKey: 'client-token', maxRetries: 0 });
});

afterAll(async () => {
  await gateway?.close();
  await Promise.all(mocks.map((mock) => mock.close()));
});

afterEach(() => {
  for (const mock of mocks) expect(mock.unexpected).toEqual([]);
});

const callsOf = (output: Array<{ type: string }>) => output.filter((item): item is ResponseFunctionToolCall => item.type === 'function_call');

describe.each(TARGETS.map((target, index) => [target.provider, index] as const))('Responses translated for %s', (_provider, index) => {
  const target = TARGETS[index];
  const upstream = () => mocks[index];
  const lastBody = () => JSON.stringify(upstream().requests.at(-1)?.body);

  it('answers responses.create with the text, usage and a gateway response id', async () => {
    const response = await client.responses.create({ model: target.model, input: 'Hi', instructions: 'Be brief.', max_output_tokens: 256 });
    expect(response.output_text).toBe(target.text(false));
    expect(response.status).toBe('completed');
    expect(response.id).toMatch(/^resp_[0-9a-f]{48}$/);
    expect(response.object).toBe('response');
    expect(response.instructions).toBe('Be brief.');
    expect(response.max_output_tokens).toBe(256);
    expect(response.usage).toMatchObject({
      input_tokens: expect.any(Number),
      output_tokens: expect.any(Number),
      input_tokens_details: { cached_tokens: expect.any(Number) },
    });
    expect(response.usage!.total_tokens).toBe(response.usage!.input_tokens + response.usage!.output_tokens);
    expect(lastBody()).toContain('Be brief.');
  });

  it('streams text in the order responses.stream() checks, numbered from 0', async () => {
    const events: ResponseStreamEvent[] = [];
    const stream = client.responses.stream({ model: target.model, input: 'Hi' });
    stream.on('event', (event) => events.push(event));
    const final = await stream.finalResponse();
    expect(final.output_text).toBe(target.text(true));
    expect(events.map((event) => event.sequence_number)).toEqual(events.map((_, position) => position));
    const types = events.map((event) => event.type);
    expect(types.slice(0, 4)).toEqual(['response.created', 'response.in_progress', 'response.output_item.added', 'response.content_part.added']);
    expect(types.slice(-4)).toEqual(['response.output_text.done', 'response.content_part.done', 'response.output_item.done', 'response.completed']);
    expect(types.filter((type) => type === 'response.output_text.delta').length).toBeGreaterThan(0);
    const completed = events.at(-1) as Extract<ResponseStreamEvent, { type: 'response.completed' }>;
    expect(completed.response.usage?.output_tokens).toBeGreaterThan(0);
  });

  it.each([false, true])('answers with function calls (stream: %s)', async (stream) => {
    const input = 'Weather in Paris and Rome? #tools';
    const response = stream
      ? await client.responses.stream({ model: target.model, input, tools: [WEATHER_TOOL] }).finalResponse()
      : await client.responses.create({ model: target.model, input, tools: [WEATHER_TOOL] });
    const calls = callsOf(response.output);
    expect(calls.map((call) => [call.name, JSON.parse(call.arguments)])).toEqual([
      ['get_weather', { city: 'Paris' }],
      ['get_weather', { city: 'Rome' }],
    ]);
    for (const call of calls) {
      expect(call.call_id).toBeTruthy();
      expect(call.id).toMatch(/^fc_/);
      expect(call.status).toBe('completed');
    }
  });

  it('continues a function-call round trip from previous_response_id', async () => {
    const first = await client.responses.create({ model: target.model, input: 'Weather in Paris and Rome? #tools', tools: [WEATHER_TOOL] });
    const outputs: ResponseInputItem[] = callsOf(first.output).map((call, position) => ({
      type: 'function_call_output',
      call_id: call.call_id,
      output: position === 0 ? '18C' : '24C',
    }));
    const second = await client.responses.create({ model: target.model, previous_response_id: first.id, input: outputs, tools: [WEATHER_TOOL] });
    expect(second.output_text).toBe(target.text(false));
    expect(second.previous_response_id).toBe(first.id);
    const sent = lastBody();
    expect(sent).toContain('Weather in Paris and Rome?');
    for (const call of callsOf(first.output)) expect(sent).toContain(call.call_id.slice(0, 9));
    expect(sent).toContain('18C');
    expect(sent).toContain('24C');
  });

  it('continues a round trip from the items sent back, without storing (store: false)', async () => {
    const input: ResponseInputItem[] = [{ role: 'user', content: 'Weather in Paris and Rome? #tools' }];
    const first = await client.responses.create({ model: target.model, input, tools: [WEATHER_TOOL], store: false });
    const next: ResponseInputItem[] = [
      ...input,
      ...(first.output as ResponseInputItem[]),
      ...callsOf(first.output).map((call): ResponseInputItem => ({ type: 'function_call_output', call_id: call.call_id, output: '18C' })),
    ];
    const second = await client.responses.stream({ model: target.model, input: next, tools: [WEATHER_TOOL], store: false }).finalResponse();
    expect(second.output_text).toBe(target.text(true));
    await expect(client.responses.retrieve(first.id)).rejects.toMatchObject({ status: 404 });
  });

  it('asks for structured output and the client parses the answer', async () => {
    const final = await client.responses
      .stream({
        model: target.model,
        input: 'Weather in Paris?',
        text: { format: { type: 'json_schema', name: 'weather', schema: WEATHER_SCHEMA, strict: true } },
      })
      .finalResponse();
    expect(final.output_text).toBe(STRUCTURED_TEXT);
    expect(final.output_parsed).toEqual({ city: 'Paris', temperature_c: 18 });
    expect(lastBody()).toContain('"temperature_c"');
  });

  it("answers a provider's refusal before the stream starts with its status", async () => {
    const error = await client.responses.create({ model: target.model, input: 'Hi #error:429', stream: true }).catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OpenAI.RateLimitError);
    expect(error).toMatchObject({ status: 429 });
  });

  it('refuses a built-in tool with a 400 naming it', async () => {
    const error = (await client.responses
      .create({ model: target.model, input: 'Search the web', tools: [WEATHER_TOOL, { type: 'web_search' }] })
      .catch((caught: unknown) => caught)) as InstanceType<typeof OpenAI.BadRequestError>;
    expect(error).toBeInstanceOf(OpenAI.BadRequestError);
    expect(error.param).toBe('tools[1].type');
    expect(error.message).toContain('web_search');
    expect(error.message).toContain(target.provider);
  });

  it('refuses an unknown item type and an empty input with a 400 naming the field', async () => {
    const unknownItem = (await client.responses
      .create({
        model: target.model,
        input: [{ type: 'computer_call_output', call_id: 'c1', output: { type: 'computer_screenshot' } } as unknown as ResponseInputItem],
      })
      .catch((caught: unknown) => caught)) as InstanceType<typeof OpenAI.BadRequestError>;
    expect(unknownItem.status).toBe(400);
    expect(unknownItem.param).toBe('input[0].type');
    const empty = (await client.responses.create({ model: target.model, input: [] }).catch((caught: unknown) => caught)) as InstanceType<
      typeof OpenAI.BadRequestError
    >;
    expect(empty.status).toBe(400);
    expect(empty.param).toBe('input');
  });
});

describe('Responses translated: what the upstream receives', () => {
  it("sends instructions, tools, tool_choice, format and limits in the provider's own terms (Anthropic)", async () => {
    await client.responses.create({
      model: 'anthropic/claude-sonnet-4-5-20250929',
      instructions: 'You are terse.',
      input: [
        { role: 'developer', content: 'Use metric units.' },
        { role: 'user', content: [{ type: 'input_text', text: 'Weather?' }] },
      ],
      tools: [WEATHER_TOOL],
      tool_choice: { type: 'function', name: 'get_weather' },
      max_output_tokens: 300,
      temperature: 0.5,
      user: 'user-42',
    });
    const body = mocks[0].requests.at(-1)?.body as Json;
    expect(body).toMatchObject({
      model: 'claude-sonnet-4-5-20250929',
      max_tokens: 300,
      temperature: 0.5,
      system: 'You are terse.\n\nUse metric units.',
      tool_choice: { type: 'tool', name: 'get_weather' },
      tools: [{ name: 'get_weather', description: 'Weather by city' }],
      metadata: { user_id: 'user-42' },
    });
    expect(body.messages).toEqual([{ role: 'user', content: [{ type: 'text', text: 'Weather?' }] }]);
  });
});

describe('Responses translated: parallel calls whose arguments a provider interleaves', () => {
  it('streams each function_call item whole, one after the other, in the order responses.stream() checks', async () => {
    const events: ResponseStreamEvent[] = [];
    const stream = client.responses.stream({ model: 'groq/llama-3.3-70b-versatile', input: 'Weather? #tools #interleaved', tools: [WEATHER_TOOL] });
    stream.on('event', (event) => events.push(event));
    const calls = callsOf((await stream.finalResponse()).output);
    expect(calls.map((call) => [call.call_id, JSON.parse(call.arguments)])).toEqual([
      ['call_groq_0', { city: 'Paris' }],
      ['call_groq_1', { city: 'Rome' }],
    ]);
    const itemEvents = events.filter((event) => event.type === 'response.output_item.added' || event.type === 'response.output_item.done');
    expect(itemEvents.map((event) => [event.type, event.output_index])).toEqual([
      ['response.output_item.added', 0],
      ['response.output_item.done', 0],
      ['response.output_item.added', 1],
      ['response.output_item.done', 1],
    ]);
  });
});
