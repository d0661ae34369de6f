import type { InvalidRequestError } from '../../common/errors/gateway-error.js';
import type { ChatCompletionRequest } from '../../common/openai/chat-completion.types.js';
import { openAiToHub } from '../../../test/support/openai-pipeline.js';
import { toCohereRequest as fromHub } from './cohere.request.js';

const OPTIONS = { model: 'command-a-03-2025', stream: false };
/** An OpenAI request as the gateway sends it to Cohere: through the hub. */
const toCohereRequest = (body: ChatCompletionRequest, options: typeof OPTIONS) => fromHub(openAiToHub(body, options.stream), options);
const tool = (name: string, strict?: boolean) => ({
  type: 'function',
  function: { name, description: `The ${name} tool`, parameters: { type: 'object', properties: { city: { type: 'string' } } }, ...(strict ? { strict } : {}) },
});
const convert = (fields: Partial<ChatCompletionRequest>, options = OPTIONS) =>
  toCohereRequest({ model: 'cohere/command-a', messages: [{ role: 'user', content: 'Hi' }], ...fields }, options);
const failure = (fields: Partial<ChatCompletionRequest>) => {
  try {
    convert(fields);
  } catch (error) {
    return error as InvalidRequestError;
  }
  throw new Error('expected the request to be refused');
};

describe('toCohereRequest', () => {
  it('translates a tool round trip: leading system, assistant tool calls with a plan, tool results', () => {
    const body = toCohereRequest(
      {
        model: 'cohere/command-a-03-2025',
        stream: true,
        messages: [
          { role: 'system', content: 'You are terse.' },
          {
            role: 'user',
            content: [
              { type: 'text', text: 'What is shown here?' },
              { type: 'image_url', image_url: { url: 'data:image/jpeg;base64,/9j/4AAQ', detail: 'auto' } },
            ],
          },
          { role: 'developer', content: 'Use Celsius.' },
          {
            role: 'assistant',
            content: 'I will call the weather tool.',
            tool_calls: [{ id: 'get_weather_x7k2', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } }],
          },
          { role: 'tool', tool_call_id: 'get_weather_x7k2', content: '{"temp_c":18}' },
          { role: 'assistant', content: '18 °C.' },
        ],
      },
      { ...OPTIONS, stream: true },
    );
    expect(body).toEqual({
      model: 'command-a-03-2025',
      stream: true,
      messages: [
        { role: 'system', content: 'You are terse.\n\nUse Celsius.' },
        {
          role: 'user',
          content: [
            { type: 'text', text: 'What is shown here?' },
            { type: 'image_url', image_url: { url: 'data:image/jpeg;base64,/9j/4AAQ', detail: 'auto' } },
          ],
        },
        {
          role: 'assistant',
          tool_plan: 'I will call the weather tool.',
          tool_calls: [{ id: 'get_weather_x7k2', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } }],
        },
        { role: 'tool', tool_call_id: 'get_weather_x7k2', content: '{"temp_c":18}' },
        { role: 'assistant', content: '18 °C.' },
      ],
    });
  });

  it('maps top_p to p (within Cohere range), top_k to k, stop to stop_sequences and the token limit', () => {
    expect(
      convert({ top_p: 0.5, top_k: 40, stop: 'END', max_completion_tokens: 50, max_tokens: 99, temperature: 0.2, seed: 3, frequency_penalty: 0.1 }),
    ).toMatchObject({
      p: 0.5,
      k: 40,
      stop_sequences: ['END'],
      max_tokens: 50,
      temperature: 0.2,
      seed: 3,
      frequency_penalty: 0.1,
    });
    expect(convert({ top_p: 1 }).p).toBe(0.99);
    expect(convert({ top_p: 0 }).p).toBe(0.01);
    expect(convert({ stop: ['a', 'b'], max_tokens: 7 })).toMatchObject({ stop_sequences: ['a', 'b'], max_tokens: 7 });
  });

  it('drops what Cohere has no field for', () => {
    const body = convert({
      top_p: 0.5,
      user: 'u',
      parallel_tool_calls: false,
      logit_bias: { 1: 1 },
      stream_options: { include_usage: true },
      n: 1,
      stream: true,
    });
    for (const dropped of ['top_p', 'user', 'parallel_tool_calls', 'logit_bias', 'stream_options', 'n', 'stream', 'stop'])
      expect(body).not.toHaveProperty(dropped);
  });

  it.each([
    [{ tool_choice: 'auto' }, undefined],
    [{}, undefined],
    [{ tool_choice: 'none' }, 'NONE'],
    [{ tool_choice: 'required' }, 'REQUIRED'],
  ] as Array<[Partial<ChatCompletionRequest>, unknown]>)('maps tool choice %j to %j', (fields, expected) => {
    const body = convert({ tools: [tool('get_weather'), tool('get_time')], ...fields });
    expect(body.tool_choice).toEqual(expected);
    expect(body.tools).toHaveLength(2);
  });

  it('keeps only the named tool and requires a call for a named tool choice', () => {
    const body = convert({ tools: [tool('get_weather'), tool('get_time')], tool_choice: { type: 'function', function: { name: 'get_time' } } });
    expect(body.tool_choice).toBe('REQUIRED');
    expect(body.tools).toEqual([
      {
        type: 'function',
        function: { name: 'get_time', description: 'The get_time tool', parameters: { type: 'object', properties: { city: { type: 'string' } } } },
      },
    ]);
    expect(failure({ tools: [tool('a')], tool_choice: { type: 'function', function: { name: 'b' } } })).toMatchObject({ code: 'unknown_tool' });
  });

  it('asks for strict tools when any tool is strict', () => {
    expect(convert({ tools: [tool('a'), tool('b', true)] }).strict_tools).toBe(true);
    expect(convert({ tools: [tool('a')] })).not.toHaveProperty('strict_tools');
  });

  it('maps JSON modes to json_object, and refuses them with tools', () => {
    const schema = { type: 'object', properties: { answer: { type: 'string' } } };
    expect(convert({ response_format: { type: 'json_object' } }).response_format).toEqual({ type: 'json_object' });
    expect(convert({ response_format: { type: 'json_schema', json_schema: { name: 'a', schema } } }).response_format).toEqual({
      type: 'json_object',
      json_schema: schema,
    });
    expect(convert({ response_format: { type: 'text' } })).not.toHaveProperty('response_format');
    expect(failure({ response_format: { type: 'json_object' }, tools: [tool('a')] })).toMatchObject({ param: 'response_format' });
  });

  it('drops empty text and messages left empty, and keeps a tool-call-only assistant message without content', () => {
    const body = convert({
      messages: [
        { role: 'user', content: '' },
        {
          role: 'user',
          content: [
            { type: 'text', text: ' ' },
            { type: 'text', text: 'Go' },
          ],
        },
        { role: 'assistant', content: '', tool_calls: [{ id: 'c1', type: 'function', function: { name: 'f', arguments: '' } }] },
        { role: 'tool', tool_call_id: 'c1', content: [{ type: 'text', text: 'ok' }] },
        { role: 'assistant', content: null },
      ],
    });
    expect(body.messages).toEqual([
      { role: 'user', content: [{ type: 'text', text: 'Go' }] },
      { role: 'assistant', tool_calls: [{ id: 'c1', type: 'function', function: { name: 'f', arguments: '{}' } }] },
      { role: 'tool', tool_call_id: 'c1', content: 'ok' },
    ]);
  });

  it('maps reasoning_effort to thinking', () => {
    expect(convert({ reasoning_effort: 'none' }).thinking).toEqual({ type: 'disabled' });
    expect(convert({ reasoning_effort: 'low' }).thinking).toEqual({ type: 'enabled', token_budget: 1024 });
  });

  it('refuses what Cohere cannot take, naming the field', () => {
    expect(failure({ n: 3 })).toMatchObject({ status: 400, param: 'n' });
    expect(failure({ messages: [{ role: 'user', content: [{ type: 'file', file: { file_id: 'f' } }] }] })).toMatchObject({
      param: 'messages[0].content[0].type',
    });
    expect(failure({ messages: [{ role: 'user', content: [{ type: 'image_url', image_url: { url: 'file:///etc/passwd' } }] }] })).toMatchObject({
      code: 'invalid_image_url',
    });
    expect(failure({ messages: [{ role: 'tool', content: 'x' }] })).toMatchObject({ param: 'messages[0].tool_call_id' });
    expect(failure({ messages: [{ role: 'system', content: 'Only system' }] })).toMatchObject({ code: 'empty_conversation' });
    expect(failure({ tools: [{ type: 'custom', custom: { name: 'x' } }] })).toMatchObject({ code: 'unsupported_tool' });
  });
});
