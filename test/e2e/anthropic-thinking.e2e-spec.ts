import OpenAI from 'openai';
import { REDACTED_THINKING, signThinking } from '../support/anthropic-signatures.js';
import { startTestGateway, type TestGateway } from '../support/gateway-harness.js';
import { startMockAnthropicUpstream, type MockAnthropicUpstream } from '../support/mock-anthropic-upstream.js';
import { MOCK_KEY } from '../support/mock-openai-upstream.js';

// An OpenAI client that asks an Anthropic model to think while using tools gets the signed thinking
// back (`thinking_blocks`), sends the assistant message back as it got it, and the gateway puts the
// signed block first in that assistant turn, as Anthropic requires: the mock refuses the turn
// otherwise, and refuses a signature it did not issue.

type Message = OpenAI.Chat.Completions.ChatCompletionMessageParam;
type AssistantMessage = OpenAI.Chat.Completions.ChatCompletionMessage & { reasoning_content?: string; thinking_blocks?: Array<Record<string, unknown>> };
type Json = Record<string, unknown>;

const MODEL = 'anthropic/claude-sonnet-4-5-20250929';
const WEATHER: OpenAI.Chat.Completions.ChatCompletionTool = {
  type: 'function',
  function: {
    name: 'get_weather',
    description: 'Weather by city',
    parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
  },
};
const THOUGHT = 'The user wants the weather in two cities.';

let mock: MockAnthropicUpstream;
let gateway: TestGateway;
let client: OpenAI;

beforeAll(async () => {
  mock = await startMockAnthropicUpstream();
  gateway = await startTestGateway({ ANTHROPIC_API_URL: mock.baseUrl, ANTHROPIC_API_KEY: MOCK_KEY });
  client = new OpenAI({ baseURL: `${gateway.url}/v1`, apiKey: 'unused', maxRetries: 0 });
});

afterAll(async () => {
  await gateway?.close();
  await mock?.close();
});

afterEach(() => expect(mock.unexpected).toEqual([]));

/** A streamed answer assembled the way an OpenAI client does: text and reasoning joined, tool calls by index, thinking blocks in order. */
async function assemble(stream: AsyncIterable<OpenAI.Chat.Completions.ChatCompletionChunk>): Promise<AssistantMessage> {
  const message: AssistantMessage = { role: 'assistant', content: null, refusal: null };
  const calls: OpenAI.Chat.Completions.ChatCompletionMessageToolCall[] = [];
  for await (const chunk of stream) {
    const delta = chunk.choices[0]?.delta as
      (OpenAI.Chat.Completions.ChatCompletionChunk.Choice.Delta & { reasoning_content?: string; thinking_blocks?: Json[] }) | undefined;
    if (!delta) continue;
    if (delta.content) message.content = (message.content ?? '') + delta.content;
    if (delta.reasoning_content) message.reasoning_content = (message.reasoning_content ?? '') + delta.reasoning_content;
    if (delta.thinking_blocks) message.thinking_blocks = [...(message.thinking_blocks ?? []), ...delta.thinking_blocks];
    for (const call of delta.tool_calls ?? []) {
      calls[call.index] ??= { id: '', type: 'function', function: { name: '', arguments: '' } };
      const target = calls[call.index] as { id: string; function: { name: string; arguments: string } };
      if (call.id) target.id = call.id;
      if (call.function?.name) target.function.name = call.function.name;
      target.function.arguments += call.function?.arguments ?? '';
    }
  }
  if (calls.length > 0) message.tool_calls = calls;
  return message;
}

/** The follow-up turn: the assistant message as received, then a result for each of its tool calls. */
function followUp(question: string, assistant: AssistantMessage): Message[] {
  const results: Message[] = (assistant.tool_calls ?? []).map((call) => ({ role: 'tool', tool_call_id: call.id, content: 'Sunny, 21 °C' }));
  return [{ role: 'user', content: question }, assistant, ...results];
}

/** The assistant turn Anthropic received in the follow-up request. */
function sentAssistantTurn(): Json[] {
  const messages = mock.requests.at(-1)!.body!.messages as Json[];
  return messages.find((message) => message.role === 'assistant')!.content as Json[];
}

describe('thinking with tools over several turns, through the openai client', () => {
  const question = 'Weather in Paris and Rome? #tools #thinking';

  it('without streaming: the signed thinking block goes back first and Anthropic accepts the turn', async () => {
    const first = await client.chat.completions.create({
      model: MODEL,
      messages: [{ role: 'user', content: question }],
      tools: [WEATHER],
      reasoning_effort: 'low',
    });
    const assistant = first.choices[0].message as AssistantMessage;
    expect(first.choices[0].finish_reason).toBe('tool_calls');
    expect(assistant.reasoning_content).toBe(THOUGHT);
    expect(assistant.thinking_blocks).toEqual([{ type: 'thinking', thinking: THOUGHT, signature: signThinking(THOUGHT) }]);

    const second = await client.chat.completions.create({ model: MODEL, messages: followUp(question, assistant), tools: [WEATHER], reasoning_effort: 'low' });
    expect(second.choices[0].message.content).toBe('Hello from anthropic!');
    const turn = sentAssistantTurn();
    expect(turn[0]).toEqual({ type: 'thinking', thinking: THOUGHT, signature: signThinking(THOUGHT) });
    expect(turn.map((block) => block.type)).toEqual(['thinking', 'text', 'tool_use', 'tool_use']);
  });

  it('streaming: the thinking block assembled from the stream goes back first and Anthropic accepts the turn', async () => {
    const first = await assemble(
      await client.chat.completions.create({
        model: MODEL,
        messages: [{ role: 'user', content: question }],
        tools: [WEATHER],
        reasoning_effort: 'low',
        stream: true,
      }),
    );
    expect(first.tool_calls).toHaveLength(2);
    expect(first.thinking_blocks).toEqual([{ type: 'thinking', thinking: THOUGHT, signature: signThinking(THOUGHT) }]);

    const second = await assemble(
      await client.chat.completions.create({ model: MODEL, messages: followUp(question, first), tools: [WEATHER], reasoning_effort: 'low', stream: true }),
    );
    expect(second.content).toBe('Hello from anthropic!');
    expect(sentAssistantTurn()[0]).toEqual({ type: 'thinking', thinking: THOUGHT, signature: signThinking(THOUGHT) });
  });

  it('carries redacted thinking back unchanged, in order', async () => {
    const redactedQuestion = 'Weather? #tools #thinking #redacted';
    const first = await assemble(
      await client.chat.completions.create({
        model: MODEL,
        messages: [{ role: 'user', content: redactedQuestion }],
        tools: [WEATHER],
        reasoning_effort: 'low',
        stream: true,
      }),
    );
    expect(first.thinking_blocks?.map((block) => block.type)).toEqual(['thinking', 'redacted_thinking']);
    await client.chat.completions.create({ model: MODEL, messages: followUp(redactedQuestion, first), tools: [WEATHER], reasoning_effort: 'low' });
    expect(sentAssistantTurn().slice(0, 2)).toEqual([
      { type: 'thinking', thinking: THOUGHT, signature: signThinking(THOUGHT) },
      { type: 'redacted_thinking', data: REDACTED_THINKING },
    ]);
  });

  it('is refused by Anthropic (400) when the client drops the thinking blocks: the mock enforces the rule', async () => {
    const first = await client.chat.completions.create({
      model: MODEL,
      messages: [{ role: 'user', content: question }],
      tools: [WEATHER],
      reasoning_effort: 'low',
    });
    const { thinking_blocks: _dropped, ...withoutBlocks } = first.choices[0].message as AssistantMessage;
    const error = (await client.chat.completions
      .create({ model: MODEL, messages: followUp(question, withoutBlocks), tools: [WEATHER], reasoning_effort: 'low' })
      .catch((caught: unknown) => caught)) as InstanceType<typeof OpenAI.APIError>;
    expect(error.status).toBe(400);
    expect(error.message).toMatch(/must start with a thinking block/);
  });

  it('is refused by Anthropic (400) when a thinking block was altered: signatures are checked', async () => {
    const first = await client.chat.completions.create({
      model: MODEL,
      messages: [{ role: 'user', content: question }],
      tools: [WEATHER],
      reasoning_effort: 'low',
    });
    const assistant = first.choices[0].message as AssistantMessage;
    const altered = { ...assistant, thinking_blocks: [{ ...assistant.thinking_blocks![0], thinking: 'Something else entirely.' }] };
    const error = (await client.chat.completions
      .create({ model: MODEL, messages: followUp(question, altered), tools: [WEATHER], reasoning_effort: 'low' })
      .catch((caught: unknown) => caught)) as InstanceType<typeof OpenAI.APIError>;
    expect(error.status).toBe(400);
    expect(error.message).toMatch(/Invalid `signature`/);
  });
});

describe('cache_control', () => {
  it('reaches Anthropic on system text, user content parts, tool results and tools, unchanged', async () => {
    const ephemeral = { type: 'ephemeral' };
    const hour = { type: 'ephemeral', ttl: '1h' };
    await client.chat.completions.create({
      model: MODEL,
      messages: [
        { role: 'system', content: [{ type: 'text', text: 'You are terse.', cache_control: hour }] },
        {
          role: 'user',
          content: [
            { type: 'text', text: 'A long document ...', cache_control: ephemeral },
            { type: 'text', text: 'Weather in Paris? #tools' },
          ],
        },
        {
          role: 'assistant',
          content: null,
          tool_calls: [{ id: 'toolu_01Paris', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } }],
        },
        { role: 'tool', tool_call_id: 'toolu_01Paris', content: 'Sunny', cache_control: ephemeral },
      ] as Message[],
      tools: [{ ...WEATHER, cache_control: ephemeral } as OpenAI.Chat.Completions.ChatCompletionTool],
    });
    const sent = mock.requests.at(-1)!.body!;
    expect(sent.system).toEqual([{ type: 'text', text: 'You are terse.', cache_control: hour }]);
    const [user, , toolTurn] = sent.messages as Json[];
    expect(user.content).toEqual([
      { type: 'text', text: 'A long document ...', cache_control: ephemeral },
      { type: 'text', text: 'Weather in Paris? #tools' },
    ]);
    expect((toolTurn.content as Json[])[0]).toEqual({ type: 'tool_result', tool_use_id: 'toolu_01Paris', content: 'Sunny', cache_control: ephemeral });
    expect((sent.tools as Json[])[0]).toMatchObject({ name: 'get_weather', cache_control: ephemeral });
  });

  it('marks the last part of a message that carries cache_control itself', async () => {
    await client.chat.completions.create({
      model: MODEL,
      messages: [{ role: 'user', content: 'Cache all of this.', cache_control: { type: 'ephemeral' } } as Message],
    });
    const [user] = mock.requests.at(-1)!.body!.messages as Json[];
    expect(user.content).toEqual([{ type: 'text', text: 'Cache all of this.', cache_control: { type: 'ephemeral' } }]);
  });
});
