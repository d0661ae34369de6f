import { RelayedUpstreamError } from '../../common/errors/relayed-upstream-error.js';
import type { HubEvent } from '../../hub/hub-event.js';
import { createAnthropicRelayDecoder, fromRelayedAnthropicBody, toAnthropicRelayError } from './anthropic.relay.js';

const START = '{"type":"message_start","message":{"id":"msg_1","model":"claude-x","usage":{"input_tokens":10,"cache_read_input_tokens":5,"output_tokens":1}}}';
const DELTA = '{"type":"message_delta","delta":{"stop_reason":"tool_use","stop_sequence":null},"usage":{"output_tokens":7}}';

describe('the Anthropic relay', () => {
  it('passes every event on as a frame and reads accounting from message_start, message_delta and message_stop', () => {
    const decoder = createAnthropicRelayDecoder();
    const events: HubEvent[] = [
      ...decoder.decode(START, 'message_start'),
      ...decoder.decode('{"type": "ping"}', 'ping'),
      ...decoder.decode('{"type":"content_block_delta","index":0,"delta":{"type":"future_delta"}}', 'content_block_delta'),
      ...decoder.decode(DELTA, 'message_delta'),
      ...decoder.decode('{"type":"message_stop"}', 'message_stop'),
    ];
    expect(events.filter((event) => event.type === 'frame').map((event) => event.data)).toEqual([
      START,
      '{"type": "ping"}',
      '{"type":"content_block_delta","index":0,"delta":{"type":"future_delta"}}',
      DELTA,
      '{"type":"message_stop"}',
    ]);
    expect(events.filter((event) => event.type !== 'frame')).toEqual([
      { type: 'response-start', relayed: true, id: 'msg_1', model: 'claude-x' },
      { type: 'usage', usage: { inputTokens: 15, outputTokens: 1, cacheReadTokens: 5, cacheWriteTokens: 0 } },
      { type: 'usage', usage: { inputTokens: 15, outputTokens: 7, cacheReadTokens: 5, cacheWriteTokens: 0 } },
      { type: 'finish', finish: { reason: 'tool-calls', raw: 'tool_use' }, relayed: true },
    ]);
    expect(decoder.finished).toBe(true);
  });

  it('turns an error event into a relayed error carrying the event as Anthropic sent it', () => {
    const decoder = createAnthropicRelayDecoder();
    decoder.decode(START, 'message_start');
    const data = '{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}';
    let thrown: unknown;
    try {
      decoder.decode(data, 'error');
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(RelayedUpstreamError);
    expect(thrown).toMatchObject({ status: 529, type: 'overloaded_error', body: data, message: 'Overloaded' });
  });

  it('calls a stream that ends before message_stop truncated', () => {
    const decoder = createAnthropicRelayDecoder();
    decoder.decode(START, 'message_start');
    expect(() => decoder.flush()).toThrow(expect.objectContaining({ status: 502, code: 'stream_truncated' }) as Error);
  });

  it("keeps the status, type, body and retry-after of an error answer, and tolerates a body that is not Anthropic's", () => {
    const body = '{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"},"request_id":"req_1"}';
    expect(toAnthropicRelayError(529, { 'retry-after': '3' }, body)).toMatchObject({
      status: 529,
      type: 'overloaded_error',
      body,
      headers: { 'retry-after': '3' },
    });
    const html = toAnthropicRelayError(503, {}, '<html>Service Unavailable</html>');
    expect(html).not.toBeInstanceOf(RelayedUpstreamError);
    expect(html).toMatchObject({ status: 503, type: 'api_error' });
  });

  it('relays a message body as one frame, as Anthropic wrote it', () => {
    const text = '{"id":"msg_2","type":"message","model":"claude-x","content":[],"stop_reason":"end_turn","usage":{"input_tokens":3,"output_tokens":2}}';
    expect(fromRelayedAnthropicBody(text)).toEqual([
      { type: 'frame', data: text },
      { type: 'response-start', relayed: true, id: 'msg_2', model: 'claude-x' },
      { type: 'usage', usage: { inputTokens: 3, outputTokens: 2, cacheReadTokens: 0, cacheWriteTokens: 0 } },
      { type: 'finish', finish: { reason: 'stop', raw: 'end_turn' }, relayed: true },
    ]);
    expect(fromRelayedAnthropicBody('{"input_tokens":12}')).toEqual([{ type: 'frame', data: '{"input_tokens":12}' }]);
  });
});
