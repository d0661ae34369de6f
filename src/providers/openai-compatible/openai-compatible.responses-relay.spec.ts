import { UpstreamError } from '../../common/errors/gateway-error.js';
import { createResponsesRelayDecoder, fromRelayedResponse } from './openai-compatible.responses-relay.js';

const COMPLETED = {
  type: 'response.completed',
  sequence_number: 9,
  response: {
    id: 'resp_1',
    model: 'gpt-4o-mini-2024-07-18',
    created_at: 1767000000,
    status: 'completed',
    output: [{ type: 'function_call' }],
    usage: {
      input_tokens: 30,
      input_tokens_details: { cached_tokens: 10 },
      output_tokens: 7,
      output_tokens_details: { reasoning_tokens: 3 },
      total_tokens: 37,
    },
  },
};

describe('Responses relay decoder', () => {
  it('never relays data or a name that could inject SSE lines of its own', () => {
    const decoder = createResponsesRelayDecoder();
    const split = '{"type":"response.output_text.delta",\n"delta":"x"}';
    expect(decoder.decode(split, undefined)).toEqual([
      { type: 'frame', data: '{"type":"response.output_text.delta","delta":"x"}', event: 'response.output_text.delta' },
    ]);
    const injected = JSON.stringify({ type: 'x\n\ndata: {"type":"response.completed"}' });
    expect(decoder.decode(injected, undefined)).toEqual([{ type: 'frame', data: injected }]);
    expect(() => decoder.decode('not json', 'response.output_text.delta')).toThrow(UpstreamError);
  });

  it('passes every event on untouched, with its name, and reads accounting from the lifecycle events', () => {
    const decoder = createResponsesRelayDecoder();
    const created = JSON.stringify({ type: 'response.created', sequence_number: 0, response: { ...COMPLETED.response, status: 'in_progress', usage: null } });
    const delta = '{"type":"response.output_text.delta","sequence_number":3,"delta":"Hi","obfuscation":"xy"}';
    expect(decoder.decode(created, 'response.created')).toEqual([
      { type: 'frame', data: created, event: 'response.created' },
      { type: 'response-start', relayed: true, id: 'resp_1', model: 'gpt-4o-mini-2024-07-18', created: 1767000000 },
    ]);
    expect(decoder.decode(delta, 'response.output_text.delta')).toEqual([{ type: 'frame', data: delta, event: 'response.output_text.delta' }]);
    const completed = JSON.stringify(COMPLETED);
    expect(decoder.decode(completed, 'response.completed')).toEqual([
      { type: 'frame', data: completed, event: 'response.completed' },
      { type: 'usage', usage: { inputTokens: 30, outputTokens: 7, cacheReadTokens: 10, reasoningTokens: 3 } },
      { type: 'finish', finish: { reason: 'tool-calls', raw: 'completed' }, relayed: true },
    ]);
    expect(decoder.finished).toBe(true);
  });

  it('reports an incomplete response as cut by the token limit', () => {
    const decoder = createResponsesRelayDecoder();
    const incomplete = JSON.stringify({
      type: 'response.incomplete',
      response: { id: 'r', status: 'incomplete', incomplete_details: { reason: 'max_output_tokens' } },
    });
    expect(decoder.decode(incomplete, undefined)).toContainEqual({ type: 'finish', finish: { reason: 'length', raw: 'max_output_tokens' }, relayed: true });
  });

  it('calls a stream that ends before its terminal event truncated, unless it ended with an error event', () => {
    const cut = createResponsesRelayDecoder();
    cut.decode('{"type":"response.created","response":{"id":"r"}}', 'response.created');
    expect(() => cut.flush()).toThrow(UpstreamError);
    const failed = createResponsesRelayDecoder();
    failed.decode('{"type":"error","error":{"message":"quota"}}', 'error');
    expect(failed.flush()).toEqual([]);
  });

  it('keeps a non-streaming body as its bytes', () => {
    const text = JSON.stringify(COMPLETED.response, null, 2);
    const [frame, ...accounting] = fromRelayedResponse(text);
    expect(frame).toEqual({ type: 'frame', data: text });
    expect(accounting.map((event) => event.type)).toEqual(['response-start', 'usage', 'finish']);
    expect(() => fromRelayedResponse('not json')).toThrow(UpstreamError);
  });
});
