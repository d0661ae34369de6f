import Anthropic from '@anthropic-ai/sdk';
import { Cohere, CohereClientV2 } from 'cohere-ai';
import { ANTHROPIC_TEXT } from '../support/anthropic-responses.js';
import { COHERE_CHAT_MODELS, COHERE_TEXT } from '../support/cohere-responses.js';
import { cohereWireProblems, readAsCohereSdk } from '../support/cohere-wire-schema.js';
import { startMockAnthropicUpstream, type MockAnthropicUpstream } from '../support/mock-anthropic-upstream.js';
import { startMockCohereUpstream, type MockCohereUpstream } from '../support/mock-cohere-upstream.js';
import { MOCK_KEY } from '../support/mock-openai-upstream.js';
import { readSseEvents } from '../../src/common/sse/sse-reader.js';

/**
 * The mock upstreams are checked with the providers' official SDKs: if a mock drifted from the
 * real wire format, the SDK would fail to read it (or the mock would refuse what the SDK sends).
 */

const WEATHER_TOOL_ANTHROPIC = {
  name: 'get_weather',
  description: 'Weather by city',
  input_schema: { type: 'object' as const, properties: { city: { type: 'string' } }, required: ['city'] },
};
const WEATHER_TOOL_COHERE = {
  type: 'function' as const,
  function: { name: 'get_weather', description: 'Weather by city', parameters: { type: 'object', properties: { city: { type: 'string' } } } },
};

describe('the Anthropic mock, read by @anthropic-ai/sdk', () => {
  let mock: MockAnthropicUpstream;
  let sdk: Anthropic;

  beforeAll(async () => {
    mock = await startMockAnthropicUpstream();
    // The gateway pins API version 2023-06-01; the SDK is told to use it too.
    sdk = new Anthropic({ apiKey: MOCK_KEY, baseURL: mock.origin, maxRetries: 0, defaultHeaders: { 'anthropic-version': '2023-06-01' } });
  });
  afterAll(() => mock.close());
  afterEach(() => expect(mock.unexpected).toEqual([]));

  it('answers a message', async () => {
    const message = await sdk.messages.create({ model: 'claude-sonnet-4-5-20250929', max_tokens: 100, messages: [{ role: 'user', content: 'Hi' }] });
    expect(message.type).toBe('message');
    expect(message.content).toEqual([{ type: 'text', text: ANTHROPIC_TEXT, citations: null }]);
    expect(message.stop_reason).toBe('end_turn');
    expect(message.usage.input_tokens).toBe(21);
    expect(mock.requests.at(-1)!.headers['anthropic-version']).toBe('2023-06-01');
  });

  it('streams text, tool input and usage that the SDK assembles into the final message', async () => {
    const stream = sdk.messages.stream({
      model: 'claude-sonnet-4-5-20250929',
      max_tokens: 100,
      tools: [WEATHER_TOOL_ANTHROPIC],
      messages: [{ role: 'user', content: 'Weather in Paris and Rome? #tools' }],
    });
    const texts: string[] = [];
    stream.on('text', (text) => texts.push(text));
    const message = await stream.finalMessage();
    expect(texts.join('')).toBe('Let me check.');
    expect(message.content.map((block) => (block.type === 'tool_use' ? [block.name, block.input] : block.type))).toEqual([
      'text',
      ['get_weather', { city: 'Paris' }],
      ['get_weather', { city: 'Rome' }],
    ]);
    expect(message.stop_reason).toBe('tool_use');
    expect(message.usage.output_tokens).toBe(9);
  });

  it('streams thinking that the SDK reads as a thinking block', async () => {
    const message = await sdk.messages
      .stream({
        model: 'claude-sonnet-4-5-20250929',
        max_tokens: 2048,
        thinking: { type: 'enabled', budget_tokens: 1024 },
        messages: [{ role: 'user', content: 'Hi #thinking' }],
      })
      .finalMessage();
    expect(message.content.map((block) => block.type)).toEqual(['thinking', 'text']);
  });

  it('lists every model through the SDK paginator (has_more, after_id)', async () => {
    const ids: string[] = [];
    for await (const model of sdk.models.list({ limit: 2 })) ids.push(model.id);
    expect(ids).toEqual(['claude-sonnet-4-5-20250929', 'claude-haiku-4-5-20251001', 'claude-3-haiku-20240307']);
    expect(mock.requests.at(-1)!.path).toContain('after_id=claude-haiku-4-5-20251001');
  });

  it('fails the way the SDK expects: an HTTP error envelope, and an error event mid-stream', async () => {
    const error = await sdk.messages
      .create({ model: 'claude-sonnet-4-5-20250929', max_tokens: 10, messages: [{ role: 'user', content: '#error:429' }] })
      .catch((caught) => caught);
    expect(error).toBeInstanceOf(Anthropic.RateLimitError);
    expect((error as InstanceType<typeof Anthropic.APIError>).headers?.get('retry-after')).toBe('7');

    const streamError = await sdk.messages
      .stream({ model: 'claude-sonnet-4-5-20250929', max_tokens: 10, messages: [{ role: 'user', content: 'Hi #midstream-error' }] })
      .finalMessage()
      .catch((caught) => caught);
    expect(streamError).toBeInstanceOf(Anthropic.APIError);
    expect(String(streamError)).toContain('Overloaded');
  });

  it.each([
    ['no max_tokens', { messages: [{ role: 'user', content: 'Hi' }] }, 'max_tokens'],
    [
      'a system role in messages',
      {
        max_tokens: 5,
        messages: [
          { role: 'system', content: 'S' },
          { role: 'user', content: 'Hi' },
        ],
      },
      'role',
    ],
    ['an empty text block', { max_tokens: 5, messages: [{ role: 'user', content: [{ type: 'text', text: ' ' }] }] }, 'non-whitespace'],
    [
      'two user turns in a row',
      {
        max_tokens: 5,
        messages: [
          { role: 'user', content: 'a' },
          { role: 'user', content: 'b' },
        ],
      },
      'alternate',
    ],
    ['an OpenAI field', { max_tokens: 5, stream_options: {}, messages: [{ role: 'user', content: 'Hi' }] }, 'stream_options'],
    [
      'text before the tool results',
      {
        max_tokens: 5,
        messages: [
          { role: 'user', content: 'Go' },
          { role: 'assistant', content: [{ type: 'tool_use', id: 'toolu_1', name: 'f', input: {} }] },
          {
            role: 'user',
            content: [
              { type: 'text', text: 'Now' },
              { type: 'tool_result', tool_use_id: 'toolu_1', content: 'x' },
            ],
          },
        ],
      },
      'tool_result',
    ],
    [
      'a tool result for an unknown id',
      {
        max_tokens: 5,
        messages: [
          { role: 'user', content: 'Go' },
          { role: 'assistant', content: [{ type: 'tool_use', id: 'toolu_1', name: 'f', input: {} }] },
          { role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_2', content: 'x' }] },
        ],
      },
      'toolu_',
    ],
  ])('refuses a request with %s, as Anthropic does', async (_name, body, mentioned) => {
    const response = await fetch(`${mock.origin}/v1/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': MOCK_KEY, 'anthropic-version': '2023-06-01' },
      body: JSON.stringify({ model: 'claude-sonnet-4-5-20250929', ...body }),
    });
    const error = (await response.json()) as { type: string; error: { type: string; message: string } };
    expect(response.status).toBe(400);
    expect(error.type).toBe('error');
    expect(error.error.type).toBe('invalid_request_error');
    expect(error.error.message).toContain(mentioned);
  });

  it('refuses a request without anthropic-version', async () => {
    const response = await fetch(`${mock.origin}/v1/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': MOCK_KEY },
      body: JSON.stringify({ model: 'claude-sonnet-4-5-20250929', max_tokens: 5, messages: [{ role: 'user', content: 'Hi' }] }),
    });
    expect(response.status).toBe(400);
    expect(await response.text()).toContain('anthropic-version');
  });
});

describe('the Cohere mock, read by cohere-ai', () => {
  let mock: MockCohereUpstream;
  let sdk: CohereClientV2;

  beforeAll(async () => {
    mock = await startMockCohereUpstream();
    sdk = new CohereClientV2({ token: MOCK_KEY, environment: mock.origin, maxRetries: 0 });
  });
  afterAll(() => mock.close());
  afterEach(() => expect(mock.unexpected).toEqual([]));

  it('answers a chat request the SDK sent, in the shape its schema declares', async () => {
    const response = await sdk.chat({ model: 'command-a-03-2025', messages: [{ role: 'user', content: 'Hi' }], p: 0.5, stopSequences: ['END'] });
    expect(response.finishReason).toBe('COMPLETE');
    expect(response.message.content).toEqual([{ type: 'text', text: COHERE_TEXT }]);
    expect(response.usage?.tokens).toEqual({ inputTokens: 205, outputTokens: 5 });
    expect(mock.requests.at(-1)!.body).toMatchObject({ p: 0.5, stop_sequences: ['END'] });

    const raw = await rawChat(mock, { model: 'command-a-03-2025', messages: [{ role: 'user', content: 'Hi #tools' }], tools: [WEATHER_TOOL_COHERE] });
    expect(cohereWireProblems('V2ChatResponse', raw)).toEqual([]);
    expect(readAsCohereSdk('V2ChatResponse', raw)).toMatchObject({
      finishReason: 'TOOL_CALL',
      message: { toolPlan: expect.any(String), toolCalls: [{ function: { name: 'get_weather', arguments: '{"city":"Paris"}' } }, expect.anything()] },
      usage: { billedUnits: { inputTokens: 8 }, cachedTokens: 128 },
    });
  });

  it('streams events the SDK reads, ending with [DONE]', async () => {
    const stream = await sdk.chatStream({ model: 'command-a-03-2025', messages: [{ role: 'user', content: 'Weather? #tools' }], tools: [WEATHER_TOOL_COHERE] });
    const events: Cohere.V2ChatStreamResponse[] = [];
    for await (const event of stream) events.push(event);
    expect(events.map((event) => event.type)).toEqual([
      'message-start',
      'tool-plan-delta',
      'tool-plan-delta',
      ...Array(2).fill(['tool-call-start', 'tool-call-delta', 'tool-call-delta', 'tool-call-end']).flat(),
      'message-end',
    ]);
    const end = events.at(-1) as Cohere.ChatMessageEndEvent;
    expect(end.delta?.finishReason).toBe('TOOL_CALL');
    expect(end.delta?.usage?.tokens?.outputTokens).toBe(5);
  });

  it('sends stream frames that each pass the SDK schema', async () => {
    const response = await fetch(`${mock.origin}/v2/chat`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${MOCK_KEY}` },
      body: JSON.stringify({ model: 'command-a-03-2025', stream: true, messages: [{ role: 'user', content: 'Hi #thinking' }] }),
    });
    const frames: string[] = [];
    for await (const event of readSseEvents(response.body as AsyncIterable<Uint8Array>)) frames.push(event.data);
    expect(frames.at(-1)).toBe('[DONE]');
    for (const frame of frames.slice(0, -1)) expect(cohereWireProblems('V2ChatStreamResponse', JSON.parse(frame))).toEqual([]);
    expect(frames.map((frame) => (frame === '[DONE]' ? frame : (JSON.parse(frame) as { type: string }).type))).toContain('content-delta');
  });

  it('lists chat models page by page through the SDK', async () => {
    const names: string[] = [];
    let pageToken: string | undefined;
    do {
      const page = await sdk.models.list({ endpoint: 'chat', pageSize: 2, pageToken });
      names.push(...page.models.map((model) => model.name!));
      pageToken = page.nextPageToken;
    } while (pageToken);
    expect(names).toEqual(['command-a-03-2025', 'command-r-08-2024', 'command-r7b-12-2024']);
    expect(names.filter((name) => COHERE_CHAT_MODELS.includes(name))).toEqual(COHERE_CHAT_MODELS);

    const raw = await fetch(`${mock.origin}/v1/models?endpoint=chat&page_size=2`, { headers: { authorization: `Bearer ${MOCK_KEY}` } });
    expect(cohereWireProblems('ListModelsResponse', await raw.json())).toEqual([]);
  });

  it('fails with the statuses the SDK maps', async () => {
    const error = await sdk.chat({ model: 'command-a-03-2025', messages: [{ role: 'user', content: '#error:429' }] }).catch((caught) => caught);
    expect(error).toBeInstanceOf(Cohere.TooManyRequestsError);
    expect((error as Cohere.TooManyRequestsError).body).toEqual({ id: expect.any(String), message: 'Mock failure 429' });
  });

  it.each([
    ['an OpenAI field name', { top_p: 0.5, messages: [{ role: 'user', content: 'Hi' }] }, 'top_p'],
    ['a lower-case tool choice', { tool_choice: 'auto', tools: [WEATHER_TOOL_COHERE], messages: [{ role: 'user', content: 'Hi' }] }, 'tool_choice'],
    [
      'a system message after a user message',
      {
        messages: [
          { role: 'user', content: 'Hi' },
          { role: 'system', content: 'S' },
        ],
      },
      'system',
    ],
    ['an empty user message', { messages: [{ role: 'user', content: ' ' }] }, 'at least 1 token'],
    [
      'a tool result for an unknown call',
      {
        messages: [
          { role: 'user', content: 'Go' },
          { role: 'assistant', tool_calls: [{ id: 'c1', type: 'function', function: { name: 'f', arguments: '{}' } }] },
          { role: 'tool', tool_call_id: 'c2', content: 'x' },
        ],
      },
      'c2',
    ],
  ])('refuses a request with %s, as Cohere does', async (_name, body, mentioned) => {
    const response = await fetch(`${mock.origin}/v2/chat`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${MOCK_KEY}` },
      body: JSON.stringify({ model: 'command-a-03-2025', ...body }),
    });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { message: string }).message).toContain(mentioned);
  });
});

async function rawChat(mock: MockCohereUpstream, body: Record<string, unknown>): Promise<unknown> {
  const response = await fetch(`${mock.origin}/v2/chat`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${MOCK_KEY}` },
    body: JSON.stringify(body),
  });
  return response.json();
}
