import { REDACTED_THINKING, signThinking } from './anthropic-signatures.js';
import { sseFrame, STRUCTURED_TEXT, type MockScenario } from './mock-server.js';
import { anthropicToolScenario } from './tool-call-scenario.js';

/**
 * What the Anthropic mock answers, per scenario word in the last user turn: `#tools` (text then two
 * tool calls), `#thinking` (a signed thinking block first, with or without tools), `#redacted` (a
 * redacted thinking block), `#max_tokens`,
 * `#refusal`, `#cache` (cached prompt tokens),
 * `#midstream-error` (an `error` event after the first text). Shapes follow the wire-format
 * reference, section 3.6-3.7.
 */

export const ANTHROPIC_TEXT = 'Hello from anthropic!';
export const ANTHROPIC_USAGE = { input_tokens: 21, output_tokens: 9 };
export const ANTHROPIC_CACHE = { cache_read_input_tokens: 1024, cache_creation_input_tokens: 200 };

type Json = Record<string, unknown>;

interface Block {
  type: 'text' | 'tool_use' | 'thinking' | 'redacted_thinking';
  text?: string;
  id?: string;
  name?: string;
  input?: Json;
  thinking?: string;
}

function firstToolName(body: Json): string {
  return (body.tools as Array<{ name?: string }> | undefined)?.[0]?.name ?? 'get_weather';
}

function blocksFor(body: Json, scenario: MockScenario): { blocks: Block[]; stopReason: string } {
  if (scenario.has('refusal')) return { blocks: [], stopReason: 'refusal' };
  const tool = anthropicToolScenario(body);
  if (tool && 'answer' in tool) return { blocks: [{ type: 'text', text: tool.answer }], stopReason: 'end_turn' };
  if (tool) {
    const calls = tool.calls.map((call, index): Block => ({
      type: 'tool_use',
      id: `toolu_${tool.turn}_${index}`,
      name: call.name,
      input: JSON.parse(call.arguments) as Json,
    }));
    return { blocks: [{ type: 'text', text: 'Let me use the tools.' }, ...calls], stopReason: 'tool_use' };
  }
  const thinking: Block[] = [
    ...(scenario.has('thinking')
      ? [{ type: 'thinking' as const, thinking: scenario.has('tools') ? 'The user wants the weather in two cities.' : 'The user says hello. I greet back.' }]
      : []),
    ...(scenario.has('redacted') ? [{ type: 'redacted_thinking' as const }] : []),
  ];
  if (scenario.has('tools')) {
    const name = firstToolName(body);
    return {
      blocks: [
        ...thinking,
        { type: 'text', text: 'Let me check.' },
        { type: 'tool_use', id: 'toolu_01Paris', name, input: { city: 'Paris' } },
        { type: 'tool_use', id: 'toolu_02Rome', name, input: { city: 'Rome' } },
      ],
      stopReason: 'tool_use',
    };
  }
  const text = body.output_config ? STRUCTURED_TEXT : ANTHROPIC_TEXT;
  return { blocks: [...thinking, { type: 'text', text }], stopReason: scenario.has('max_tokens') ? 'max_tokens' : 'end_turn' };
}

function usageFor(scenario: MockScenario, outputTokens: number) {
  return {
    input_tokens: ANTHROPIC_USAGE.input_tokens,
    output_tokens: outputTokens,
    cache_creation_input_tokens: scenario.has('cache') ? ANTHROPIC_CACHE.cache_creation_input_tokens : 0,
    cache_read_input_tokens: scenario.has('cache') ? ANTHROPIC_CACHE.cache_read_input_tokens : 0,
  };
}

const messageId = (stream: boolean) => (stream ? 'msg_01MockStream' : 'msg_01MockMessage');

/** A non-streaming `Message`. */
export function anthropicMessageFor(body: Json, scenario: MockScenario): Json {
  const { blocks, stopReason } = blocksFor(body, scenario);
  return {
    id: messageId(false),
    type: 'message',
    role: 'assistant',
    model: body.model,
    content: blocks.map((block) => {
      if (block.type === 'thinking') return { type: 'thinking', thinking: block.thinking, signature: signThinking(block.thinking ?? '') };
      if (block.type === 'redacted_thinking') return { type: 'redacted_thinking', data: REDACTED_THINKING };
      return block.type === 'text' ? { type: 'text', text: block.text, citations: null } : block;
    }),
    stop_reason: stopReason,
    stop_sequence: null,
    usage: usageFor(scenario, ANTHROPIC_USAGE.output_tokens),
  };
}

/** The SSE frames of a stream: text split in two deltas, a ping, tool input in fragments, cumulative usage. */
export function anthropicStreamFor(body: Json, scenario: MockScenario): string[] {
  const { blocks, stopReason } = blocksFor(body, scenario);
  const frames: string[] = [];
  const send = (data: Json) => frames.push(sseFrame(data.type as string, data));
  send({
    type: 'message_start',
    message: {
      id: messageId(true),
      type: 'message',
      role: 'assistant',
      model: body.model,
      content: [],
      stop_reason: null,
      stop_sequence: null,
      usage: usageFor(scenario, 1),
    },
  });
  send({ type: 'ping' });
  blocks.forEach((block, index) => {
    if (block.type === 'text') {
      send({ type: 'content_block_start', index, content_block: { type: 'text', text: '' } });
      const text = block.text as string;
      const middle = Math.ceil(text.length / 2);
      send({ type: 'content_block_delta', index, delta: { type: 'text_delta', text: text.slice(0, middle) } });
      if (scenario.has('midstream-error')) {
        send({ type: 'error', error: { type: 'overloaded_error', message: 'Overloaded' } });
        return;
      }
      send({ type: 'content_block_delta', index, delta: { type: 'text_delta', text: text.slice(middle) } });
    } else if (block.type === 'redacted_thinking') {
      send({ type: 'content_block_start', index, content_block: { type: 'redacted_thinking', data: REDACTED_THINKING } });
    } else if (block.type === 'thinking') {
      send({ type: 'content_block_start', index, content_block: { type: 'thinking', thinking: '', signature: '' } });
      send({ type: 'content_block_delta', index, delta: { type: 'thinking_delta', thinking: block.thinking } });
      send({ type: 'content_block_delta', index, delta: { type: 'signature_delta', signature: signThinking(block.thinking ?? '') } });
    } else {
      send({ type: 'content_block_start', index, content_block: { type: 'tool_use', id: block.id, name: block.name, input: {} } });
      const json = JSON.stringify(block.input);
      for (const part of ['', json.slice(0, 5), json.slice(5)])
        send({ type: 'content_block_delta', index, delta: { type: 'input_json_delta', partial_json: part } });
    }
    send({ type: 'content_block_stop', index });
  });
  if (scenario.has('midstream-error')) return frames.slice(0, frames.findIndex((frame) => frame.startsWith('event: error')) + 1);
  send({ type: 'message_delta', delta: { stop_reason: null, stop_sequence: null }, usage: { output_tokens: 4 } });
  send({ type: 'message_delta', delta: { stop_reason: stopReason, stop_sequence: null }, usage: { output_tokens: ANTHROPIC_USAGE.output_tokens } });
  send({ type: 'message_stop' });
  return frames;
}

const ERROR_TYPES: Record<number, string> = {
  400: 'invalid_request_error',
  401: 'authentication_error',
  403: 'permission_error',
  404: 'not_found_error',
  413: 'request_too_large',
  429: 'rate_limit_error',
  500: 'api_error',
  529: 'overloaded_error',
};

export function anthropicErrorBody(status: number, message: string): Json {
  return { type: 'error', error: { type: ERROR_TYPES[status] ?? 'api_error', message }, request_id: 'req_011CMockError' };
}

/** Models the mock lists (newest first, as Anthropic does), served two per page. */
export const ANTHROPIC_MODELS = [
  { type: 'model', id: 'claude-sonnet-4-5-20250929', display_name: 'Claude Sonnet 4.5', created_at: '2025-09-29T00:00:00Z' },
  { type: 'model', id: 'claude-haiku-4-5-20251001', display_name: 'Claude Haiku 4.5', created_at: '2025-10-01T00:00:00Z' },
  { type: 'model', id: 'claude-3-haiku-20240307', display_name: 'Claude Haiku 3', created_at: '2024-03-07T00:00:00Z' },
];
