import { UpstreamError } from '../../common/errors/gateway-error.js';
import type { HubEvent } from '../../hub/hub-event.js';
import { openReasoning } from './openai-responses.reasoning-envelope.js';
import { createResponsesStreamEncoder } from './openai-responses.stream-encoder.js';

type Event = Record<string, unknown> & { type: string; sequence_number: number };

const identity = { id: 'resp_test', createdAt: 1767000000, model: 'anthropic/claude' };
const parse = (frames: string[]): Event[] =>
  frames.map((frame) => {
    const [eventLine, dataLine] = frame.trimEnd().split('\n');
    const event = JSON.parse(dataLine.slice('data: '.length)) as Event;
    expect(eventLine).toBe(`event: ${event.type}`);
    return event;
  });
const encode = (events: HubEvent[], body = {}) => {
  const encoder = createResponsesStreamEncoder(identity, { model: identity.model, ...body });
  return { encoder, events: parse(events.flatMap((event) => encoder.encode(event))) };
};

const SIGNED_THINKING_THEN_TOOL_AND_TEXT: HubEvent[] = [
  { type: 'response-start', id: 'msg_1', model: 'claude-sonnet' },
  { type: 'reasoning-start', index: 0 },
  { type: 'reasoning-delta', index: 0, text: 'Think' },
  { type: 'reasoning-delta', index: 0, text: 'ing.' },
  { type: 'reasoning-end', index: 0, signature: 'sig-1' },
  { type: 'text-start', index: 1 },
  { type: 'text-delta', index: 1, text: 'Let me ' },
  { type: 'text-delta', index: 1, text: 'check.' },
  { type: 'text-end', index: 1 },
  { type: 'tool-call-start', index: 2, id: 'toolu_1', name: 'get_weather' },
  { type: 'tool-call-delta', index: 2, arguments: '{"city":' },
  { type: 'tool-call-delta', index: 2, arguments: '"Paris"}' },
  { type: 'tool-call-end', index: 2 },
  { type: 'usage', usage: { inputTokens: 10, outputTokens: 5, cacheReadTokens: 3, reasoningTokens: 2 } },
  { type: 'finish', finish: { reason: 'tool-calls' } },
];

describe('Responses stream encoder', () => {
  it("writes reasoning, text and a function call as output items in OpenAI's order, numbered from 0", () => {
    const { events, encoder } = encode(SIGNED_THINKING_THEN_TOOL_AND_TEXT);
    expect(events.map((event) => event.type)).toEqual([
      'response.created',
      'response.in_progress',
      'response.output_item.added',
      'response.reasoning_summary_part.added',
      'response.reasoning_summary_text.delta',
      'response.reasoning_summary_text.delta',
      'response.reasoning_summary_text.done',
      'response.reasoning_summary_part.done',
      'response.output_item.done',
      'response.output_item.added',
      'response.content_part.added',
      'response.output_text.delta',
      'response.output_text.delta',
      'response.output_text.done',
      'response.content_part.done',
      'response.output_item.done',
      'response.output_item.added',
      'response.function_call_arguments.delta',
      'response.function_call_arguments.delta',
      'response.function_call_arguments.done',
      'response.output_item.done',
      'response.completed',
    ]);
    expect(events.map((event) => event.sequence_number)).toEqual(events.map((_, index) => index));
    const final = encoder.result()!;
    expect(final).toMatchObject({ id: 'resp_test', status: 'completed', model: 'claude-sonnet', created_at: 1767000000 });
    expect(final.output.map((item) => item.type)).toEqual(['reasoning', 'message', 'function_call']);
    expect(final.output[1]).toMatchObject({ status: 'completed', content: [{ type: 'output_text', text: 'Let me check.' }] });
    expect(final.output[2]).toMatchObject({ call_id: 'toolu_1', name: 'get_weather', arguments: '{"city":"Paris"}', status: 'completed' });
    expect(final.usage).toEqual({
      input_tokens: 10,
      input_tokens_details: { cached_tokens: 3, cache_write_tokens: 0 },
      output_tokens: 5,
      output_tokens_details: { reasoning_tokens: 2 },
      total_tokens: 15,
    });
    expect(events.at(-1)?.response).toEqual(final);
  });

  it("seals the provider's signature into the reasoning item's encrypted_content", () => {
    const { events, encoder } = encode(SIGNED_THINKING_THEN_TOOL_AND_TEXT);
    const reasoning = encoder.result()!.output[0];
    expect(reasoning).toMatchObject({ type: 'reasoning', summary: [{ type: 'summary_text', text: 'Thinking.' }] });
    expect(openReasoning((reasoning as { encrypted_content?: string }).encrypted_content)).toEqual({ signature: 'sig-1' });
    expect(events[8]).toMatchObject({ type: 'response.output_item.done', item: reasoning });
  });

  it('keeps every item-scoped event on its item: the same id and output_index', () => {
    const { events } = encode(SIGNED_THINKING_THEN_TOOL_AND_TEXT);
    const added = events.filter((event) => event.type === 'response.output_item.added');
    const ids = added.map((event) => (event.item as { id: string }).id);
    expect(new Set(ids).size).toBe(3);
    for (const event of events.filter((candidate) => 'item_id' in candidate)) {
      expect(event.item_id).toBe(ids[event.output_index as number]);
    }
  });

  it('joins consecutive text blocks in one message item, one content part each', () => {
    const { encoder, events } = encode([
      { type: 'response-start' },
      { type: 'text-start', index: 0 },
      { type: 'text-delta', index: 0, text: 'One.' },
      { type: 'text-end', index: 0 },
      { type: 'text-start', index: 1 },
      { type: 'text-delta', index: 1, text: 'Two.' },
      { type: 'text-end', index: 1 },
      { type: 'finish', finish: { reason: 'stop' } },
    ]);
    expect(encoder.result()!.output).toHaveLength(1);
    expect(encoder.result()!.output[0]).toMatchObject({ content: [{ text: 'One.' }, { text: 'Two.' }] });
    expect(events.filter((event) => event.type === 'response.content_part.added').map((event) => event.content_index)).toEqual([0, 1]);
  });

  it('ends an answer cut by the token limit as incomplete, its message too', () => {
    const { events, encoder } = encode([
      { type: 'response-start' },
      { type: 'text-start', index: 0 },
      { type: 'text-delta', index: 0, text: 'Once upon' },
      { type: 'text-end', index: 0 },
      { type: 'finish', finish: { reason: 'length' } },
    ]);
    expect(events.at(-1)?.type).toBe('response.incomplete');
    expect(encoder.result()).toMatchObject({ status: 'incomplete', incomplete_details: { reason: 'max_output_tokens' }, output: [{ status: 'incomplete' }] });
  });

  it('finalises once: the response stored before the last events is the one written', () => {
    const encoder = createResponsesStreamEncoder(identity, { model: identity.model });
    encoder.encode({ type: 'text-start', index: 0 });
    encoder.encode({ type: 'text-delta', index: 0, text: 'Hi' });
    encoder.encode({ type: 'text-end', index: 0 });
    const stored = encoder.finalize({ reason: 'stop' });
    const [completed] = parse(encoder.encode({ type: 'finish', finish: { reason: 'stop' } })).slice(-1);
    expect(completed.response).toEqual(stored);
  });

  it('ends a broken stream with error and response.failed, numbered after the last event', () => {
    const { encoder, events } = encode(SIGNED_THINKING_THEN_TOOL_AND_TEXT.slice(0, 7));
    const failure = parse(encoder.fail(new UpstreamError(502, 'upstream closed', { code: 'stream_truncated', type: 'api_error' })).split(/(?<=\n\n)/));
    expect(failure.map((event) => [event.type, event.sequence_number])).toEqual([
      ['error', events.length],
      ['response.failed', events.length + 1],
    ]);
    expect(failure[0]).toMatchObject({ code: 'stream_truncated', message: 'upstream closed', error: { type: 'api_error', code: 'stream_truncated' } });
    expect(failure[1].response).toMatchObject({ id: 'resp_test', status: 'failed', error: { code: 'stream_truncated', message: 'upstream closed' } });
  });

  it('writes relayed events as they came and numbers a failure after the last relayed one', () => {
    const encoder = createResponsesStreamEncoder(identity, { model: identity.model });
    const created = '{"type":"response.created","sequence_number":0,"response":{"id":"resp_openai","status":"in_progress","output":[]}}';
    const delta = '{"type":"response.output_text.delta","sequence_number":5,"delta":"Hi"}';
    expect(encoder.encode({ type: 'frame', event: 'response.created', data: created })).toEqual([`event: response.created\ndata: ${created}\n\n`]);
    encoder.encode({ type: 'frame', event: 'response.output_text.delta', data: delta });
    const failure = parse(encoder.fail(new UpstreamError(502, 'cut')).split(/(?<=\n\n)/));
    expect(failure.map((event) => event.sequence_number)).toEqual([6, 7]);
    expect(failure[1].response).toMatchObject({ id: 'resp_openai', status: 'failed' });
    expect(encoder.result()).toBeUndefined();
  });

  it('writes a tool the gateway ran as an mcp_call item: failed, with the error, when the tool failed', () => {
    const { events, encoder } = encode([
      { type: 'response-start', id: 'x' },
      { type: 'server-tool-start', index: 0, id: 'call_1', name: 'search', server: 'docs', arguments: '{"q":"x"}' },
      { type: 'server-tool-end', index: 0, output: 'timed out', isError: true },
      { type: 'finish', finish: { reason: 'pause', raw: 'max_iterations' } },
    ]);
    expect(events.map((event) => event.type)).toEqual([
      'response.created',
      'response.in_progress',
      'response.output_item.added',
      'response.mcp_call.in_progress',
      'response.mcp_call_arguments.delta',
      'response.mcp_call_arguments.done',
      'response.mcp_call.failed',
      'response.output_item.done',
      'response.completed',
    ]);
    expect(events[2].item).toMatchObject({ type: 'mcp_call', status: 'in_progress', arguments: '', server_label: 'docs', name: 'search' });
    expect(encoder.result()!.output).toEqual([
      {
        id: expect.stringMatching(/^mcp_[0-9a-f]{48}$/),
        type: 'mcp_call',
        status: 'failed',
        server_label: 'docs',
        name: 'search',
        arguments: '{"q":"x"}',
        output: null,
        error: { type: 'mcp_tool_execution_error', content: [{ type: 'text', text: 'timed out' }] },
      },
    ]);
  });
});
