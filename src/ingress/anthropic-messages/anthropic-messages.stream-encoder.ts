import { createBlockOrder } from '../../hub/hub-block-order.js';
import type { HubEvent } from '../../hub/hub-event.js';
import type { HubFinish } from '../../hub/hub-finish-reason.js';
import type { HubUsage } from '../../hub/hub-usage.js';
import { serverToolCallText, serverToolResultText } from '../http/server-tool-text.js';
import { messageId } from './anthropic-messages.response-encoder.js';
import { toMessagesUsage, toStopReason } from './anthropic-messages.stop-reason.js';

/** One Server-Sent Event as Anthropic frames them: its name, then its data (one `data:` line per line of it). */
export function sseEvent(name: string | undefined, data: string): string {
  const lines = data.includes('\n') ? data.split('\n').join('\ndata: ') : data;
  return `${name === undefined ? '' : `event: ${name}\n`}data: ${lines}\n\n`;
}

const named = (data: { type: string; [field: string]: unknown }) => sseEvent(data.type, JSON.stringify(data));

export const PING_EVENT = named({ type: 'ping' });

type BlockKind = 'text' | 'thinking' | 'redacted_thinking' | 'tool_use';

/**
 * Renders hub events as Anthropic's stream, in Anthropic's order: `message_start`, then for each
 * block `content_block_start`, its deltas (`text_delta`, `thinking_delta` and the block's
 * `signature_delta`, `input_json_delta` with the tool input as the provider streamed it) and
 * `content_block_stop`, blocks numbered 0, 1, ... in order; then `message_delta` with the stop
 * reason and the usage (input tokens too: `message_start` is sent before the provider reports
 * them), and `message_stop`. A tool the gateway ran itself is a text block of its own, marked
 * `[MCP …]`: its call when it starts, what it gave back when it ends. Relayed frames are written
 * as they came.
 */
export function createMessagesStreamEncoder(options: { model: string }) {
  let started = false;
  let ended = false;
  let calledTools = false;
  let usage: HubUsage | undefined;
  const blocks = new Map<number, { index: number; kind: BlockKind }>();
  let nextIndex = 0;

  const start = (id?: string): string[] => {
    if (started) return [];
    started = true;
    const message = {
      id: messageId(id),
      type: 'message',
      role: 'assistant',
      model: options.model,
      content: [],
      stop_reason: null,
      stop_sequence: null,
      usage: { input_tokens: 0, output_tokens: 0 },
    };
    return [named({ type: 'message_start', message })];
  };
  const open = (hubIndex: number, kind: BlockKind, contentBlock: object): string[] => {
    const index = nextIndex++;
    blocks.set(hubIndex, { index, kind });
    if (kind === 'tool_use') calledTools = true;
    return [...start(), named({ type: 'content_block_start', index, content_block: contentBlock })];
  };
  const delta = (hubIndex: number, kind: BlockKind, value: object): string[] => {
    const block = blocks.get(hubIndex);
    if (block?.kind !== kind) return [];
    return [named({ type: 'content_block_delta', index: block.index, delta: value })];
  };
  const close = (hubIndex: number, signature?: string): string[] => {
    const block = blocks.get(hubIndex);
    if (!block) return [];
    blocks.delete(hubIndex);
    const out: string[] = [];
    if (block.kind === 'thinking' && signature)
      out.push(named({ type: 'content_block_delta', index: block.index, delta: { type: 'signature_delta', signature } }));
    out.push(named({ type: 'content_block_stop', index: block.index }));
    return out;
  };
  const finish = (end: HubFinish): string[] => {
    ended = true;
    const out = start();
    for (const hubIndex of [...blocks.keys()]) out.push(...close(hubIndex));
    const stop = toStopReason(end, calledTools);
    out.push(named({ type: 'message_delta', delta: stop, usage: toMessagesUsage(usage ?? { inputTokens: 0, outputTokens: 0 }) }));
    out.push(named({ type: 'message_stop' }));
    return out;
  };

  const encodeOne = (event: HubEvent): string[] => {
    switch (event.type) {
      case 'frame':
        return [sseEvent(event.event, typeof event.data === 'string' ? event.data : JSON.stringify(event.data))];
      case 'response-start':
        return event.relayed ? [] : start(event.id);
      case 'text-start':
        return open(event.index, 'text', { type: 'text', text: '' });
      case 'text-delta':
        return event.text ? delta(event.index, 'text', { type: 'text_delta', text: event.text }) : [];
      case 'reasoning-start':
        return event.redactedData !== undefined
          ? open(event.index, 'redacted_thinking', { type: 'redacted_thinking', data: event.redactedData })
          : open(event.index, 'thinking', { type: 'thinking', thinking: '', signature: '' });
      case 'reasoning-delta':
        return event.text ? delta(event.index, 'thinking', { type: 'thinking_delta', thinking: event.text }) : [];
      case 'tool-call-start':
        return open(event.index, 'tool_use', { type: 'tool_use', id: event.id, name: event.name, input: {} });
      case 'tool-call-delta':
        return event.arguments ? delta(event.index, 'tool_use', { type: 'input_json_delta', partial_json: event.arguments }) : [];
      case 'server-tool-start':
        return [
          ...open(event.index, 'text', { type: 'text', text: '' }),
          ...delta(event.index, 'text', { type: 'text_delta', text: serverToolCallText(event) }),
        ];
      case 'server-tool-end':
        return [...delta(event.index, 'text', { type: 'text_delta', text: serverToolResultText(event) }), ...close(event.index)];
      case 'text-end':
      case 'tool-call-end':
        return close(event.index);
      case 'reasoning-end':
        return close(event.index, event.signature);
      case 'usage':
        usage = event.usage;
        return [];
      case 'finish':
        return event.relayed ? [] : finish(event.finish);
    }
  };
  const inOrder = createBlockOrder();

  return {
    /** One hub event in, the frames it becomes out (blocks one after the other, as Anthropic sends them). */
    encode(event: HubEvent): string[] {
      return inOrder(event).flatMap(encodeOne);
    },
    /** A `ping` while the answer is under way (nothing before it starts, or after it ended). */
    heartbeat(): string[] {
      return started && !ended ? [PING_EVENT] : [];
    },
  };
}
