import { InvalidRequestError } from '../../common/errors/gateway-error.js';
import { decodeResponsesRequest, inputItems } from './openai-responses.decode.js';
import { sealReasoning } from './openai-responses.reasoning-envelope.js';
import type { ResponsesItem, ResponsesRequestBody } from './openai-responses.types.js';

const decode = (body: Partial<ResponsesRequestBody>, items?: ResponsesItem[]) => {
  const full = { model: 'anthropic/claude', ...body };
  return decodeResponsesRequest(full, items ?? inputItems(full.input), 'anthropic');
};
const refusal = (run: () => unknown) => {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidRequestError);
    return error as InvalidRequestError;
  }
  throw new Error('expected a 400');
};

describe('Responses request decoding', () => {
  it('puts instructions first and keeps developer input as system', () => {
    const request = decode({
      instructions: 'Be brief.',
      input: [
        { role: 'developer', content: 'Metric units.' },
        { role: 'user', content: 'Hi' },
      ],
    });
    expect(request.messages.map((message) => [message.role, message.parts.map((part) => (part.type === 'text' ? part.text : part.type))])).toEqual([
      ['system', ['Be brief.']],
      ['system', ['Metric units.']],
      ['user', ['Hi']],
    ]);
  });

  it('joins an assistant turn (reasoning, text, calls) into one message and gives each output its tool message', () => {
    const sealed = sealReasoning({ signature: 'sig-1' });
    const request = decode({
      input: [
        { role: 'user', content: 'Weather?' },
        { type: 'reasoning', id: 'rs_1', summary: [{ type: 'summary_text', text: 'Thinking.' }], encrypted_content: sealed },
        { type: 'message', role: 'assistant', content: [{ type: 'output_text', text: 'Let me check.', annotations: [] }] },
        { type: 'function_call', call_id: 'call_1', name: 'get_weather', arguments: '{"city":"Paris"}' },
        { type: 'function_call', call_id: 'call_2', name: 'get_weather', arguments: '{"city":"Rome"}' },
        { type: 'function_call_output', call_id: 'call_1', output: '18C' },
        { type: 'function_call_output', call_id: 'call_2', output: [{ type: 'input_text', text: '24C' }] },
      ],
    });
    expect(request.messages.map((message) => message.role)).toEqual(['user', 'assistant', 'tool', 'tool']);
    expect(request.messages[1].parts).toEqual([
      { type: 'reasoning', text: 'Thinking.', signature: 'sig-1', path: 'input[1]' },
      { type: 'text', text: 'Let me check.', path: 'input[2].content[0]' },
      expect.objectContaining({ type: 'tool-call', id: 'call_1', name: 'get_weather', arguments: '{"city":"Paris"}' }),
      expect.objectContaining({ type: 'tool-call', id: 'call_2', arguments: '{"city":"Rome"}' }),
    ]);
    expect(request.messages[3].parts[0]).toMatchObject({ type: 'tool-result', callId: 'call_2', content: [{ type: 'text', text: '24C' }] });
  });

  it("keeps another provider's encrypted reasoning out of the signature", () => {
    const request = decode({
      input: [
        { role: 'user', content: 'Hi' },
        { type: 'reasoning', id: 'rs_1', summary: [{ type: 'summary_text', text: 'Plan.' }], encrypted_content: 'gAAAAB-openai-only' },
        { role: 'assistant', content: 'Hello' },
      ],
    });
    expect(request.messages[1].parts[0]).toEqual({ type: 'reasoning', text: 'Plan.', path: 'input[1]' });
  });

  it('reads images and files from input parts', () => {
    const request = decode({
      input: [
        {
          role: 'user',
          content: [
            { type: 'input_image', image_url: 'data:image/png;base64,iVBORw0KGgo=', detail: 'high' },
            { type: 'input_image', image_url: 'https://example.com/cat.jpg', detail: 'auto' },
            { type: 'input_file', file_data: 'data:application/pdf;base64,JVBERi0=', filename: 'a.pdf' },
          ],
        },
      ],
    });
    expect(request.messages[0].parts).toEqual([
      expect.objectContaining({ type: 'image', source: { kind: 'base64', mediaType: 'image/png', data: 'iVBORw0KGgo=' }, detail: 'high' }),
      expect.objectContaining({ type: 'image', source: { kind: 'url', url: 'https://example.com/cat.jpg' } }),
      expect.objectContaining({ type: 'document', source: { kind: 'base64', mediaType: 'application/pdf', data: 'JVBERi0=' }, title: 'a.pdf' }),
    ]);
  });

  it('carries tools, tool_choice, text.format, reasoning effort, limits and sampling', () => {
    const request = decode({
      input: 'Hi',
      tools: [
        { type: 'function', name: 'a', parameters: { type: 'object' }, strict: true },
        { type: 'function', name: 'b', description: 'B' },
      ],
      tool_choice: { type: 'allowed_tools', mode: 'required', tools: [{ type: 'function', name: 'b' }] },
      text: { format: { type: 'json_schema', name: 'out', schema: { type: 'object' }, strict: true } },
      reasoning: { effort: 'low' },
      max_output_tokens: 500,
      temperature: 0.2,
      top_p: 0.9,
      parallel_tool_calls: false,
      user: 'u-1',
      stream: true,
    });
    expect(request).toMatchObject({
      stream: true,
      tools: [{ name: 'b', description: 'B' }],
      toolChoice: { type: 'required' },
      responseFormat: { type: 'json-schema', name: 'out', schema: { type: 'object' }, strict: true },
      reasoning: { effort: 'low' },
      maxTokens: 500,
      temperature: 0.2,
      topP: 0.9,
      parallelToolCalls: false,
      user: 'u-1',
      paths: { maxTokens: 'max_output_tokens', reasoning: 'reasoning.effort', responseFormat: 'text.format', toolChoice: 'tool_choice' },
    });
    expect(decode({ input: 'Hi', tool_choice: { type: 'function', name: 'a' }, tools: [{ type: 'function', name: 'a' }] }).toolChoice).toEqual({
      type: 'tool',
      name: 'a',
    });
  });

  it.each([
    [
      'a built-in tool',
      {
        input: 'Hi',
        tools: [
          { type: 'function', name: 'a' },
          { type: 'code_interpreter', container: { type: 'auto' } },
        ],
      },
      'tools[1].type',
    ],
    ['an item of an unknown type', { input: [{ type: 'web_search_call', id: 'ws_1' }] }, 'input[0].type'],
    ['an unknown content part', { input: [{ role: 'user', content: [{ type: 'input_audio' }] }] }, 'input[0].content[0].type'],
    ['an unknown role', { input: [{ role: 'critic', content: 'x' }] }, 'input[0].role'],
    ['an empty input', { input: [] }, 'input'],
    ['an empty string', { input: '' }, 'input'],
    ['a built-in tool choice', { input: 'Hi', tool_choice: { type: 'file_search' } }, 'tool_choice'],
    ['an unknown text format', { input: 'Hi', text: { format: { type: 'grammar' } } }, 'text.format.type'],
    ['background mode', { input: 'Hi', background: true }, 'background'],
    ['a function call without call_id', { input: [{ type: 'function_call', name: 'a', arguments: '{}' }] }, 'input[0].call_id'],
  ])('refuses %s with a 400 naming the field', (_case, body, param) => {
    expect(refusal(() => decode(body as Partial<ResponsesRequestBody>)).param).toBe(param);
  });

  it('names the tool and the provider when it refuses a built-in tool', () => {
    const error = refusal(() => decode({ input: 'Hi', tools: [{ type: 'web_search' }] }));
    expect(error.message).toContain('"web_search"');
    expect(error.message).toContain('"anthropic"');
  });
});
