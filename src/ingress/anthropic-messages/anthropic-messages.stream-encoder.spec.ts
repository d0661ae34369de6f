import type { HubEvent } from '../../hub/hub-event.js';
import { createMessagesStreamEncoder, sseEvent } from './anthropic-messages.stream-encoder.js';

const encodeAll = (events: HubEvent[]) => {
  const encoder = createMessagesStreamEncoder({ model: 'openai/gpt-4o' });
  return { encoder, frames: events.flatMap((event) => encoder.encode(event)) };
};
const parse = (frames: string[]) =>
  frames.map((frame) => {
    const [, name, data] = /^event: (\w+)\ndata: (.*)\n\n$/s.exec(frame)!;
    const parsed = JSON.parse(data) as { type: string };
    expect(parsed.type).toBe(name);
    return parsed;
  });

describe('the Messages stream encoder', () => {
  it("renders reasoning, text and a tool call in Anthropic's order, the signature last in its block", () => {
    const { frames } = encodeAll([
      { type: 'response-start', id: 'chatcmpl-1', model: 'gpt-4o' },
      { type: 'reasoning-start', index: 0 },
      { type: 'reasoning-delta', index: 0, text: 'Hmm.' },
      { type: 'reasoning-end', index: 0, signature: 'sig' },
      { type: 'text-start', index: 1 },
      { type: 'text-delta', index: 1, text: 'Hi' },
      { type: 'text-end', index: 1 },
      { type: 'tool-call-start', index: 2, id: 'call_1', name: 'f' },
      { type: 'tool-call-delta', index: 2, arguments: '{"a"' },
      { type: 'tool-call-delta', index: 2, arguments: ':1}' },
      { type: 'tool-call-end', index: 2 },
      { type: 'usage', usage: { inputTokens: 30, outputTokens: 7, cacheReadTokens: 10 } },
      { type: 'finish', finish: { reason: 'stop' } },
    ]);
    expect(parse(frames)).toEqual([
      {
        type: 'message_start',
        message: {
          id: 'msg_chatcmpl-1',
          type: 'message',
          role: 'assistant',
          model: 'openai/gpt-4o',
          content: [],
          stop_reason: null,
          stop_sequence: null,
          usage: { input_tokens: 0, output_tokens: 0 },
        },
      },
      { type: 'content_block_start', index: 0, content_block: { type: 'thinking', thinking: '', signature: '' } },
      { type: 'content_block_delta', index: 0, delta: { type: 'thinking_delta', thinking: 'Hmm.' } },
      { type: 'content_block_delta', index: 0, delta: { type: 'signature_delta', signature: 'sig' } },
      { type: 'content_block_stop', index: 0 },
      { type: 'content_block_start', index: 1, content_block: { type: 'text', text: '' } },
      { type: 'content_block_delta', index: 1, delta: { type: 'text_delta', text: 'Hi' } },
      { type: 'content_block_stop', index: 1 },
      { type: 'content_block_start', index: 2, content_block: { type: 'tool_use', id: 'call_1', name: 'f', input: {} } },
      { type: 'content_block_delta', index: 2, delta: { type: 'input_json_delta', partial_json: '{"a"' } },
      { type: 'content_block_delta', index: 2, delta: { type: 'input_json_delta', partial_json: ':1}' } },
      { type: 'content_block_stop', index: 2 },
      {
        type: 'message_delta',
        // A provider that says `stop` after tool calls: still tool_use.
        delta: { stop_reason: 'tool_use', stop_sequence: null },
        usage: { input_tokens: 20, output_tokens: 7, cache_read_input_tokens: 10 },
      },
      { type: 'message_stop' },
    ]);
  });

  it('numbers blocks 0, 1, ... whatever the hub indices, and closes a block left open at the finish', () => {
    const { frames } = encodeAll([
      { type: 'text-start', index: 5 },
      { type: 'text-delta', index: 5, text: 'x' },
      { type: 'finish', finish: { reason: 'length' } },
    ]);
    const events = parse(frames);
    expect(events.map((event) => event.type)).toEqual([
      'message_start',
      'content_block_start',
      'content_block_delta',
      'content_block_stop',
      'message_delta',
      'message_stop',
    ]);
    expect(events[1]).toMatchObject({ index: 0 });
    expect(events[4]).toMatchObject({ delta: { stop_reason: 'max_tokens' } });
  });

  it('writes relayed frames as they came and nothing for relayed accounting', () => {
    const { frames, encoder } = encodeAll([
      { type: 'frame', data: '{"type":"message_start"}', event: 'message_start' },
      { type: 'response-start', relayed: true, id: 'msg_1' },
      { type: 'usage', usage: { inputTokens: 1, outputTokens: 1 } },
      { type: 'finish', finish: { reason: 'stop' }, relayed: true },
    ]);
    expect(frames).toEqual(['event: message_start\ndata: {"type":"message_start"}\n\n']);
    expect(encoder.heartbeat()).toEqual([]);
  });

  it('pings only while a translated answer is under way', () => {
    const encoder = createMessagesStreamEncoder({ model: 'm' });
    expect(encoder.heartbeat()).toEqual([]);
    encoder.encode({ type: 'response-start' });
    expect(encoder.heartbeat()).toEqual(['event: ping\ndata: {"type":"ping"}\n\n']);
    encoder.encode({ type: 'finish', finish: { reason: 'stop' } });
    expect(encoder.heartbeat()).toEqual([]);
  });

  it('frames data of several lines as several data lines', () => {
    expect(sseEvent('x', 'a\nb')).toBe('event: x\ndata: a\ndata: b\n\n');
    expect(sseEvent(undefined, '{}')).toBe('data: {}\n\n');
  });

  it('writes a tool the gateway ran as a marked text block, and a paused answer as pause_turn', () => {
    const { frames } = encodeAll([
      { type: 'response-start', id: 'msg_1' },
      { type: 'server-tool-start', index: 0, id: 'call_1', name: 'search', server: 'docs', arguments: '{\n "q": "x"}' },
      { type: 'server-tool-end', index: 0, output: 'found', isError: false },
      { type: 'finish', finish: { reason: 'pause', raw: 'max_iterations' } },
    ]);
    expect(parse(frames).slice(1, -2)).toEqual([
      { type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } },
      { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: '[MCP tool call] search (docs) { "q": "x"}\n' } },
      { type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: '[MCP tool result] found\n\n' } },
      { type: 'content_block_stop', index: 0 },
    ]);
    expect(parse(frames).at(-2)).toMatchObject({ type: 'message_delta', delta: { stop_reason: 'pause_turn' } });
  });
});
