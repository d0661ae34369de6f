import { createOpenAI } from '@ai-sdk/openai';
import { ChatOpenAI, OpenAIEmbeddings } from '@langchain/openai';
import { AIMessage, HumanMessage, ToolMessage, type AIMessageChunk } from '@langchain/core/messages';
import { embedMany, generateText, jsonSchema, stepCountIs, streamText, tool } from 'ai';
import { ANTHROPIC_TEXT } from '../support/anthropic-responses.js';
import { startOpenAiUpstreams, startTestGateway, type TestGateway, type Upstreams } from '../support/gateway-harness.js';
import { startMockAnthropicUpstream, type MockAnthropicUpstream } from '../support/mock-anthropic-upstream.js';
import { MOCK_KEY } from '../support/mock-openai-upstream.js';
import { EMBEDDING_MODELS, embeddingFor } from '../support/openai-embeddings.js';
import { RESPONSES_TEXT } from '../support/responses-api-answers.js';

/**
 * The frameworks that brought users to a 404 before: the Vercel AI SDK's default OpenAI model
 * (Responses API) and LangChain's ChatOpenAI with `useResponsesApi`, streaming and calling a tool
 * through to the next step, and their embedding calls, all pointed at the gateway.
 */

type Json = Record<string, unknown>;

const ANTHROPIC_MODEL = 'anthropic/claude-sonnet-4-5-20250929';
const WEATHER_PARAMETERS = { type: 'object' as const, properties: { city: { type: 'string' as const } }, required: ['city'], additionalProperties: false };

let anthropic: MockAnthropicUpstream;
let upstreams: Upstreams;
let gateway: TestGateway;

beforeAll(async () => {
  [anthropic, upstreams] = await Promise.all([startMockAnthropicUpstream(), startOpenAiUpstreams(['openai'])]);
  gateway = await startTestGateway({ ...upstreams.env, ANTHROPIC_API_URL: anthropic.baseUrl, ANTHROPIC_API_KEY: MOCK_KEY });
});

afterAll(async () => {
  await gateway?.close();
  await Promise.all([anthropic?.close(), upstreams?.closeAll()]);
});

afterEach(() => {
  expect(anthropic.unexpected).toEqual([]);
  expect(upstreams.mocks.openai.unexpected).toEqual([]);
});

const anthropicCalls = () => anthropic.requests.filter((request) => request.path === '/v1/messages');
const lastMessages = () => (anthropicCalls().at(-1)?.body as Json).messages as Json[];

describe("the Vercel AI SDK's default openai() model", () => {
  /** The bodies the SDK sent to the gateway. */
  const sent: string[] = [];
  const recording: typeof fetch = (input, init) => {
    if (typeof init?.body === 'string') sent.push(init.body);
    return fetch(input, init);
  };
  const provider = () => createOpenAI({ baseURL: `${gateway.url}/v1`, apiKey: 'client-token', fetch: recording });

  it('streams text from a translated provider and from OpenAI', async () => {
    const translated = streamText({ model: provider()(ANTHROPIC_MODEL), prompt: 'Hi' });
    let text = '';
    for await (const piece of translated.textStream) text += piece;
    expect(text).toBe(ANTHROPIC_TEXT);
    expect((await translated.usage).inputTokens).toBeGreaterThan(0);

    const relayed = streamText({ model: provider()('openai/gpt-4o-mini'), prompt: 'Hi' });
    expect(await relayed.text).toBe(RESPONSES_TEXT);
    expect(upstreams.mocks.openai.requests.at(-1)?.path).toBe('/v1/responses');
  });

  it('calls a tool and answers its results in the next step, streaming', async () => {
    const cities: string[] = [];
    const result = streamText({
      model: provider()(ANTHROPIC_MODEL),
      prompt: 'Weather in Paris and Rome? #tools',
      tools: {
        get_weather: tool({
          description: 'Weather by city',
          inputSchema: jsonSchema<{ city: string }>(WEATHER_PARAMETERS),
          execute: ({ city }) => {
            cities.push(city);
            return Promise.resolve(`Sunny in ${city}`);
          },
        }),
      },
      stopWhen: stepCountIs(3),
    });
    expect(await result.text).toBe(ANTHROPIC_TEXT);
    expect(cities).toEqual(['Paris', 'Rome']);
    // The second step replays the first (its message by item reference, which the gateway resolves) and the tool results.
    expect(sent.at(-1)).toContain('"type":"item_reference"');
    expect(lastMessages()).toEqual([
      { role: 'user', content: [{ type: 'text', text: 'Weather in Paris and Rome? #tools' }] },
      {
        role: 'assistant',
        content: [
          { type: 'text', text: 'Let me check.' },
          { type: 'tool_use', id: 'toolu_01Paris', name: 'get_weather', input: { city: 'Paris' } },
          { type: 'tool_use', id: 'toolu_02Rome', name: 'get_weather', input: { city: 'Rome' } },
        ],
      },
      {
        role: 'user',
        content: [
          { type: 'tool_result', tool_use_id: 'toolu_01Paris', content: 'Sunny in Paris' },
          { type: 'tool_result', tool_use_id: 'toolu_02Rome', content: 'Sunny in Rome' },
        ],
      },
    ]);
  });

  it('calls a tool without streaming', async () => {
    const result = await generateText({
      model: provider()(ANTHROPIC_MODEL),
      prompt: 'Weather in Paris and Rome? #tools',
      tools: {
        get_weather: tool({ inputSchema: jsonSchema<{ city: string }>(WEATHER_PARAMETERS), execute: ({ city }) => Promise.resolve(`Rain in ${city}`) }),
      },
      stopWhen: stepCountIs(3),
    });
    expect(result.text).toBe(ANTHROPIC_TEXT);
    expect(result.steps[0].toolCalls.map((call) => call.input)).toEqual([{ city: 'Paris' }, { city: 'Rome' }]);
  });

  it('embeds through the gateway', async () => {
    const { embeddings } = await embedMany({ model: provider().embedding(`openai/${EMBEDDING_MODELS.openai}`), values: ['one', 'three'] });
    expect(embeddings).toEqual([embeddingFor('one'), embeddingFor('three')]);
  });
});

describe("LangChain's ChatOpenAI with useResponsesApi", () => {
  const chat = () =>
    new ChatOpenAI({ model: ANTHROPIC_MODEL, useResponsesApi: true, apiKey: 'client-token', configuration: { baseURL: `${gateway.url}/v1` }, maxRetries: 0 });
  const weatherTool = { type: 'function' as const, function: { name: 'get_weather', description: 'Weather by city', parameters: WEATHER_PARAMETERS } };

  it('answers and streams', async () => {
    const answer = await chat().invoke('Hi');
    expect(answer.text).toBe(ANTHROPIC_TEXT);
    expect(answer.usage_metadata?.input_tokens).toBeGreaterThan(0);
    let streamed = '';
    for await (const chunk of await chat().stream('Hi')) streamed += chunk.text;
    expect(streamed).toBe(ANTHROPIC_TEXT);
  });

  it('calls a tool, streaming, and answers the tool results', async () => {
    const model = chat().bindTools([weatherTool]);
    let merged: AIMessageChunk | undefined;
    for await (const chunk of await model.stream('Weather in Paris and Rome? #tools')) merged = merged ? merged.concat(chunk) : chunk;
    const calls = merged?.tool_calls ?? [];
    expect(calls.map((call) => [call.name, call.args])).toEqual([
      ['get_weather', { city: 'Paris' }],
      ['get_weather', { city: 'Rome' }],
    ]);
    const answer = await model.invoke([
      new HumanMessage('Weather in Paris and Rome? #tools'),
      new AIMessage({
        content: merged!.content,
        tool_calls: calls,
        additional_kwargs: merged!.additional_kwargs,
        response_metadata: merged!.response_metadata,
      }),
      ...calls.map((call) => new ToolMessage({ tool_call_id: call.id!, content: `Cloudy in ${String(call.args.city)}` })),
    ]);
    expect(answer.text).toBe(ANTHROPIC_TEXT);
    const results = lastMessages().at(-1)!.content as Json[];
    expect(results.map((block) => block.tool_use_id)).toEqual(calls.map((call) => call.id));
  });

  it('embeds with OpenAIEmbeddings', async () => {
    const embeddings = new OpenAIEmbeddings({
      model: `openai/${EMBEDDING_MODELS.openai}`,
      apiKey: 'client-token',
      configuration: { baseURL: `${gateway.url}/v1` },
    });
    expect(await embeddings.embedDocuments(['one', 'three'])).toEqual([embeddingFor('one'), embeddingFor('three')]);
    expect(await embeddings.embedQuery('seven')).toEqual(embeddingFor('seven'));
  });
});
