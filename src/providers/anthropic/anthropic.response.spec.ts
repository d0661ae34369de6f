import { hubToChatCompletion } from '../../../test/support/openai-pipeline.js';
import { fromAnthropicResponse as toHubEvents } from './anthropic.response.js';
import type { AnthropicResponse } from './anthropic.types.js';

/** An Anthropic message as an OpenAI client receives it: through the hub. */
const fromAnthropicResponse = (body: AnthropicResponse, options: { created: number }) => hubToChatCompletion(toHubEvents(body), options);

const message = (fields: Partial<AnthropicResponse>): AnthropicResponse => ({
  id: 'msg_01XyZ',
  type: 'message',
  role: 'assistant',
  model: 'claude-sonnet-4-5-20250929',
  content: [],
  stop_reason: 'end_turn',
  usage: { input_tokens: 10, output_tokens: 5 },
  ...fields,
});

describe('fromAnthropicResponse', () => {
  it('translates the reference message: thinking, text and a tool call with cached usage', () => {
    const completion = fromAnthropicResponse(
      message({
        content: [
          { type: 'thinking', thinking: 'User wants weather...' },
          { type: 'text', text: 'Let me check.' },
          { type: 'tool_use', id: 'toolu_01Ab', name: 'get_weather', input: { city: 'Paris' } },
        ],
        stop_reason: 'tool_use',
        usage: { input_tokens: 412, output_tokens: 58, cache_creation_input_tokens: 0, cache_read_input_tokens: 1024 },
      }),
      { created: 1760000000 },
    );
    expect(completion).toEqual({
      id: 'msg_01XyZ',
      object: 'chat.completion',
      created: 1760000000,
      model: 'claude-sonnet-4-5-20250929',
      choices: [
        {
          index: 0,
          message: {
            role: 'assistant',
            content: 'Let me check.',
            refusal: null,
            reasoning_content: 'User wants weather...',
            tool_calls: [{ id: 'toolu_01Ab', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } }],
          },
          logprobs: null,
          finish_reason: 'tool_calls',
        },
      ],
      usage: { prompt_tokens: 1436, completion_tokens: 58, total_tokens: 1494, prompt_tokens_details: { cached_tokens: 1024 } },
    });
  });

  it('gives null content and no tool_calls key when there is neither', () => {
    const completion = fromAnthropicResponse(message({ content: [{ type: 'tool_use', id: 't', name: 'f', input: {} }], stop_reason: 'tool_use' }), {
      created: 1,
    });
    expect(completion.choices[0].message.content).toBeNull();
    expect(completion.choices[0].message.tool_calls?.[0].function.arguments).toBe('{}');

    const empty = fromAnthropicResponse(message({ content: [], stop_reason: 'refusal' }), { created: 1 });
    expect(empty.choices[0].message).toEqual({ role: 'assistant', content: null, refusal: null });
    expect(empty.choices[0].finish_reason).toBe('content_filter');
  });

  it('joins several text blocks and leaves out blocks without an OpenAI form', () => {
    const completion = fromAnthropicResponse(
      message({
        content: [
          { type: 'text', text: 'Sunny ' },
          { type: 'server_tool_use', id: 'srvtoolu_1', name: 'web_search', input: { query: 'x' } },
          { type: 'web_search_tool_result' },
          { type: 'redacted_thinking' },
          { type: 'text', text: 'today.' },
        ],
      }),
      { created: 1 },
    );
    expect(completion.choices[0].message).toEqual({ role: 'assistant', content: 'Sunny today.', refusal: null });
  });

  it('counts cache writes as prompt tokens and thinking tokens as reasoning tokens', () => {
    const completion = fromAnthropicResponse(
      message({
        usage: {
          input_tokens: 3,
          output_tokens: 40,
          cache_creation_input_tokens: 500,
          cache_read_input_tokens: null,
          output_tokens_details: { thinking_tokens: 30 },
        },
      }),
      { created: 1 },
    );
    expect(completion.usage).toEqual({
      prompt_tokens: 503,
      completion_tokens: 40,
      total_tokens: 543,
      prompt_tokens_details: { cached_tokens: 0 },
      completion_tokens_details: { reasoning_tokens: 30 },
    });
  });

  it('refuses a body that is not a message with a 502', () => {
    expect(() => fromAnthropicResponse({ nope: true } as unknown as AnthropicResponse, { created: 1 })).toThrow(expect.objectContaining({ status: 502 }));
  });
});
