import { InvalidRequestError } from '../../common/errors/gateway-error.js';
import type { ChatCompletionRequest } from '../../common/openai/chat-completion.types.js';
import { CONTINUE_PROMPT } from './anthropic.messages.js';
import { openAiToHub } from '../../../test/support/openai-pipeline.js';
import { JSON_OBJECT_INSTRUCTION, toAnthropicRequest as fromHub } from './anthropic.request.js';

const OPTIONS = { model: 'claude-sonnet-4-5-20250929', defaultMaxTokens: 4096, stream: false };
/** An OpenAI request as the gateway sends it to Anthropic: through the hub. */
const toAnthropicRequest = (body: ChatCompletionRequest, options: typeof OPTIONS) => fromHub(openAiToHub(body, options.stream), options);
const WEATHER = {
  type: 'function',
  function: { name: 'get_weather', parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } },
};
const request = (fields: Partial<ChatCompletionRequest>): ChatCompletionRequest => ({
  model: 'anthropic/claude',
  messages: [{ role: 'user', content: 'Hi' }],
  ...fields,
});
const convert = (fields: Partial<ChatCompletionRequest>, options = OPTIONS) => toAnthropicRequest(request(fields), options);
const failure = (fields: Partial<ChatCompletionRequest>) => {
  try {
    convert(fields);
  } catch (error) {
    return error as InvalidRequestError;
  }
  throw new Error('expected the request to be refused');
};

describe('toAnthropicRequest', () => {
  it('translates the reference worked example (system, parallel tool calls, merged tool results, follow-up text)', () => {
    const body = toAnthropicRequest(
      {
        model: 'anthropic/claude-sonnet',
        max_tokens: 300,
        temperature: 1.4,
        stream: true,
        stream_options: { include_usage: true },
        messages: [
          { role: 'system', content: 'You are a weather bot.' },
          { role: 'user', content: 'Weather in Paris and Rome?' },
          {
            role: 'assistant',
            content: null,
            tool_calls: [
              { id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } },
              { id: 'call_2', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Rome"}' } },
            ],
          },
          { role: 'tool', tool_call_id: 'call_1', content: '18C' },
          { role: 'tool', tool_call_id: 'call_2', content: '24C' },
          { role: 'user', content: 'Answer in one line.' },
        ],
        tools: [WEATHER],
        tool_choice: 'auto',
      },
      { ...OPTIONS, stream: true },
    );

    expect(body).toEqual({
      model: 'claude-sonnet-4-5-20250929',
      max_tokens: 300,
      temperature: 1,
      stream: true,
      system: 'You are a weather bot.',
      messages: [
        { role: 'user', content: [{ type: 'text', text: 'Weather in Paris and Rome?' }] },
        {
          role: 'assistant',
          content: [
            { type: 'tool_use', id: 'call_1', name: 'get_weather', input: { city: 'Paris' } },
            { type: 'tool_use', id: 'call_2', name: 'get_weather', input: { city: 'Rome' } },
          ],
        },
        {
          role: 'user',
          content: [
            { type: 'tool_result', tool_use_id: 'call_1', content: '18C' },
            { type: 'tool_result', tool_use_id: 'call_2', content: '24C' },
            { type: 'text', text: 'Answer in one line.' },
          ],
        },
      ],
      tools: [{ name: 'get_weather', input_schema: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] } }],
      tool_choice: { type: 'auto' },
    });
  });

  it('hoists every system and developer message, wherever it stands, into system', () => {
    const body = convert({
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: 'Hi' },
        {
          role: 'developer',
          content: [
            { type: 'text', text: 'Use metric units.' },
            { type: 'text', text: 'No emoji.' },
          ],
        },
        { role: 'assistant', content: 'Hello!' },
        { role: 'user', content: 'Weather?' },
      ],
    });
    expect(body.system).toBe('Be brief.\n\nUse metric units.\nNo emoji.');
    expect(body.messages.map((message) => message.role)).toEqual(['user', 'assistant', 'user']);
  });

  it('always sends max_tokens: max_completion_tokens first, then max_tokens, then the default', () => {
    expect(convert({}).max_tokens).toBe(4096);
    expect(convert({ max_tokens: 100 }).max_tokens).toBe(100);
    expect(convert({ max_tokens: 100, max_completion_tokens: 50 }).max_tokens).toBe(50);
    expect(convert({}, { ...OPTIONS, defaultMaxTokens: 1234 }).max_tokens).toBe(1234);
  });

  it('maps stop, temperature (clamped to 1), top_p, top_k and user, and drops what Anthropic lacks', () => {
    const body = convert({
      stop: 'END',
      temperature: 0.3,
      top_p: 0.9,
      top_k: 40,
      user: 'user-42',
      seed: 7,
      presence_penalty: 1,
      logprobs: true,
      logit_bias: { 1: 2 },
      n: 1,
    });
    expect(body).toMatchObject({ stop_sequences: ['END'], temperature: 0.3, top_p: 0.9, top_k: 40, metadata: { user_id: 'user-42' } });
    for (const dropped of ['seed', 'presence_penalty', 'logprobs', 'logit_bias', 'n', 'user', 'stream_options']) expect(body).not.toHaveProperty(dropped);
    expect(convert({ stop: ['a', 'b'], temperature: 2 })).toMatchObject({ stop_sequences: ['a', 'b'], temperature: 1 });
    expect(convert({ stream: true })).not.toHaveProperty('stream');
  });

  it('merges consecutive turns of one role and drops empty text, and turns left empty', () => {
    const body = convert({
      messages: [
        { role: 'user', content: 'One' },
        {
          role: 'user',
          content: [
            { type: 'text', text: '' },
            { type: 'text', text: 'Two' },
          ],
        },
        { role: 'assistant', content: '   ' },
        { role: 'user', content: '' },
        { role: 'user', content: 'Three' },
        { role: 'assistant', content: 'A' },
        { role: 'assistant', content: [{ type: 'text', text: 'B' }] },
        { role: 'user', content: 'Four' },
      ],
    });
    expect(body.messages).toEqual([
      {
        role: 'user',
        content: [
          { type: 'text', text: 'One' },
          { type: 'text', text: 'Two' },
          { type: 'text', text: 'Three' },
        ],
      },
      {
        role: 'assistant',
        content: [
          { type: 'text', text: 'A' },
          { type: 'text', text: 'B' },
        ],
      },
      { role: 'user', content: [{ type: 'text', text: 'Four' }] },
    ]);
  });

  it('puts tool results first in the user turn even when user text came before them', () => {
    const body = convert({
      messages: [
        { role: 'user', content: 'Weather?' },
        { role: 'assistant', content: 'Checking.', tool_calls: [{ id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '' } }] },
        { role: 'user', content: 'Hurry.' },
        { role: 'tool', tool_call_id: 'call_1', content: [{ type: 'text', text: '18C' }] },
      ],
    });
    expect(body.messages[1]).toEqual({
      role: 'assistant',
      content: [
        { type: 'text', text: 'Checking.' },
        { type: 'tool_use', id: 'call_1', name: 'get_weather', input: {} },
      ],
    });
    expect(body.messages[2].content).toEqual([
      { type: 'tool_result', tool_use_id: 'call_1', content: '18C' },
      { type: 'text', text: 'Hurry.' },
    ]);
  });

  it('rewrites tool ids Anthropic would reject the same way on both sides', () => {
    const body = convert({
      messages: [
        { role: 'user', content: 'Go' },
        { role: 'assistant', tool_calls: [{ id: 'call.1:x', type: 'function', function: { name: 'f', arguments: '{}' } }] },
        { role: 'tool', tool_call_id: 'call.1:x', content: 'done' },
      ],
    });
    expect((body.messages[1].content[0] as { id: string }).id).toBe('call_1_x');
    expect((body.messages[2].content[0] as { tool_use_id: string }).tool_use_id).toBe('call_1_x');
  });

  it('converts data-URL images to base64 sources and https images to url sources', () => {
    const body = convert({
      messages: [
        {
          role: 'user',
          content: [
            { type: 'text', text: 'Compare.' },
            { type: 'image_url', image_url: { url: 'data:image/png;base64,iVBORw0KGgo=' } },
            { type: 'image_url', image_url: { url: 'data:image/jpg;base64,/9j/4AAQ' } },
            { type: 'image_url', image_url: { url: 'https://example.com/cat.jpg', detail: 'high' } },
            { type: 'file', file: { file_data: 'data:application/pdf;base64,JVBERi0x', filename: 'report.pdf' } },
          ],
        },
      ],
    });
    expect(body.messages[0].content).toEqual([
      { type: 'text', text: 'Compare.' },
      { type: 'image', source: { type: 'base64', media_type: 'image/png', data: 'iVBORw0KGgo=' } },
      { type: 'image', source: { type: 'base64', media_type: 'image/jpeg', data: '/9j/4AAQ' } },
      { type: 'image', source: { type: 'url', url: 'https://example.com/cat.jpg' } },
      { type: 'document', source: { type: 'base64', media_type: 'application/pdf', data: 'JVBERi0x' }, title: 'report.pdf' },
    ]);
  });

  it('refuses content Anthropic cannot take, naming the field', () => {
    const image = (url: string) => ({ messages: [{ role: 'user' as const, content: [{ type: 'image_url', image_url: { url } }] }] });
    expect(failure(image('data:image/tiff;base64,AAAA'))).toMatchObject({ status: 400, param: 'messages[0].content[0].image_url.url' });
    expect(failure(image('ftp://example.com/a.png'))).toMatchObject({ status: 400, code: 'invalid_image_url' });
    expect(failure({ messages: [{ role: 'user', content: [{ type: 'input_audio', input_audio: { data: 'x', format: 'wav' } }] }] })).toMatchObject({
      status: 400,
      param: 'messages[0].content[0].type',
    });
    expect(failure({ messages: [{ role: 'function', name: 'f', content: 'x' }] })).toMatchObject({ code: 'unsupported_role' });
    expect(failure({ n: 2 })).toMatchObject({ param: 'n' });
    expect(failure({ messages: [{ role: 'system', content: 'Only a system prompt' }] })).toMatchObject({ code: 'empty_conversation' });
    const badArguments = failure({
      messages: [
        { role: 'user', content: 'x' },
        { role: 'assistant', tool_calls: [{ id: 'a', type: 'function', function: { name: 'f', arguments: '{oops' } }] },
      ],
    });
    expect(badArguments).toBeInstanceOf(InvalidRequestError);
    expect(badArguments.param).toBe('messages[1].tool_calls[0].function.arguments');
  });

  it('starts with a user turn when the conversation opens with the assistant, and trims a prefill', () => {
    const body = convert({
      messages: [
        { role: 'system', content: 'S' },
        { role: 'assistant', content: 'Sure, here is the JSON: \n' },
      ],
    });
    expect(body.messages).toEqual([
      { role: 'user', content: [{ type: 'text', text: CONTINUE_PROMPT }] },
      { role: 'assistant', content: [{ type: 'text', text: 'Sure, here is the JSON:' }] },
    ]);
  });

  it('maps tools, giving every input_schema type object', () => {
    const body = convert({
      tools: [
        { type: 'function', function: { name: 'no_params', description: 'Takes nothing' } },
        { type: 'function', function: { name: 'strict_one', parameters: { properties: { a: { type: 'number' } } }, strict: true } },
      ],
    });
    expect(body.tools).toEqual([
      { name: 'no_params', description: 'Takes nothing', input_schema: { type: 'object', properties: {} } },
      { name: 'strict_one', input_schema: { type: 'object', properties: { a: { type: 'number' } } }, strict: true },
    ]);
    expect(failure({ tools: [{ type: 'custom', custom: { name: 'grammar' } }] })).toMatchObject({ code: 'unsupported_tool' });
  });

  it.each([
    [{ tool_choice: 'auto' }, { type: 'auto' }],
    [{ tool_choice: 'required' }, { type: 'any' }],
    [{ tool_choice: 'none' }, { type: 'none' }],
    [{ tool_choice: { type: 'function', function: { name: 'get_weather' } } }, { type: 'tool', name: 'get_weather' }],
    [
      { tool_choice: 'required', parallel_tool_calls: false },
      { type: 'any', disable_parallel_tool_use: true },
    ],
    [{ parallel_tool_calls: false }, { type: 'auto', disable_parallel_tool_use: true }],
    [{}, undefined],
  ] as Array<[Partial<ChatCompletionRequest>, unknown]>)('maps tool choice %j to %j', (fields, expected) => {
    expect(convert({ tools: [WEATHER], ...fields }).tool_choice).toEqual(expected);
  });

  it('refuses a named tool choice that is not among the tools', () => {
    expect(failure({ tools: [WEATHER], tool_choice: { type: 'function', function: { name: 'other' } } })).toMatchObject({ code: 'unknown_tool' });
  });

  it('maps response_format json_schema to output_config and json_object to a system instruction', () => {
    const schema = { type: 'object', properties: { answer: { type: 'string' } }, required: ['answer'] };
    expect(convert({ response_format: { type: 'json_schema', json_schema: { name: 'answer', schema } } }).output_config).toEqual({
      format: { type: 'json_schema', schema },
    });
    expect(
      convert({
        messages: [
          { role: 'system', content: 'S' },
          { role: 'user', content: 'Hi' },
        ],
        response_format: { type: 'json_object' },
      }).system,
    ).toBe(`S\n\n${JSON_OBJECT_INSTRUCTION}`);
    expect(convert({ response_format: { type: 'text' } })).not.toHaveProperty('output_config');
  });

  it('turns reasoning_effort into a thinking budget below max_tokens, without sampling changes', () => {
    expect(convert({ reasoning_effort: 'medium', temperature: 0.2, top_k: 5 })).toMatchObject({
      max_tokens: 4096 + 4096,
      thinking: { type: 'enabled', budget_tokens: 4096 },
    });
    expect(convert({ reasoning_effort: 'medium', temperature: 0.2 })).not.toHaveProperty('temperature');
    expect(convert({ reasoning_effort: 'high', max_completion_tokens: 2000 })).toMatchObject({ max_tokens: 2000, thinking: { budget_tokens: 1999 } });
    expect(convert({ reasoning_effort: 'none' })).not.toHaveProperty('thinking');
    expect(failure({ reasoning_effort: 'low', max_tokens: 800 })).toMatchObject({ param: 'max_tokens' });
    expect(convert({ thinking: { type: 'adaptive' } }).thinking).toEqual({ type: 'adaptive' });
  });
});
