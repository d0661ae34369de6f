import type { HubEvent } from '../../hub/hub-event.js';
import { HubBlockSequencer } from '../hub-blocks.js';
import { parseEventData, truncatedStream, type SseDecoder } from '../upstream-call.js';
import { fromAnthropicStreamError } from './anthropic.error.js';
import { mapAnthropicStopReason } from './anthropic.finish-reason.js';
import type { AnthropicStreamEvent, AnthropicUsage } from './anthropic.types.js';
import { fromAnthropicUsage, mergeAnthropicUsage } from './anthropic.usage.js';

/**
 * Anthropic's stream (message_start, content blocks, message_delta, message_stop) as hub events.
 * Pure and stateful: one event in, zero or more hub events out. Text, thinking (its signature sent
 * when the block closes), redacted thinking and `tool_use` blocks become hub blocks; server-tool
 * blocks and `ping` are dropped; usage is cumulative (assigned, never summed). `message_stop` yields
 * the usage and the finish; an `error` event throws, and so does a stream that ends before
 * `message_stop`. `model` is used until `message_start` names one.
 */
export function createAnthropicStreamDecoder(model: string): SseDecoder {
  let usage: AnthropicUsage = {};
  let stopReason: string | null | undefined;
  let stopSequence: string | null | undefined;
  let started = false;
  let finished = false;
  const blocks = new HubBlockSequencer();
  const start = (id?: string, named?: string): HubEvent[] => {
    if (started) return [];
    started = true;
    return [{ type: 'response-start', ...(id ? { id } : {}), model: named ?? model }];
  };
  return {
    get finished() {
      return finished;
    },
    decode(data) {
      if (finished || data === '[DONE]') return [];
      const event = parseEventData(data) as AnthropicStreamEvent;
      switch (event?.type) {
        case 'message_start': {
          const message = event.message ?? {};
          usage = mergeAnthropicUsage(usage, message.usage);
          return start(typeof message.id === 'string' ? message.id : undefined, typeof message.model === 'string' ? message.model : undefined);
        }
        case 'content_block_start': {
          const block = event.content_block ?? { type: 'unknown' };
          const key = String(event.index);
          const out = start();
          if (block.type === 'text') out.push(...blocks.text(key, block.text ?? ''));
          else if (block.type === 'thinking') out.push(...blocks.reasoning(key, block.thinking ?? ''));
          else if (block.type === 'redacted_thinking' && typeof block.data === 'string') out.push(...blocks.redactedReasoning(block.data));
          else if (block.type === 'tool_use') {
            out.push(...blocks.toolCall(key, block.id ?? '', block.name ?? ''));
            if (block.input && typeof block.input === 'object' && Object.keys(block.input).length > 0)
              out.push(...blocks.toolArguments(key, JSON.stringify(block.input)));
          }
          return out;
        }
        case 'content_block_delta': {
          const delta = event.delta ?? { type: 'unknown' };
          const key = String(event.index);
          const out = start();
          if (delta.type === 'text_delta' && delta.text) out.push(...blocks.text(key, delta.text));
          else if (delta.type === 'thinking_delta' && delta.thinking) out.push(...blocks.reasoning(key, delta.thinking));
          else if (delta.type === 'signature_delta' && delta.signature) blocks.signature(key, delta.signature);
          else if (delta.type === 'input_json_delta' && delta.partial_json) out.push(...blocks.toolArguments(key, delta.partial_json));
          return out;
        }
        case 'content_block_stop':
          return blocks.end(String(event.index));
        case 'message_delta':
          if (event.delta && 'stop_reason' in event.delta) stopReason = event.delta.stop_reason;
          if (event.delta && 'stop_sequence' in event.delta) stopSequence = event.delta.stop_sequence;
          usage = mergeAnthropicUsage(usage, event.usage);
          return [];
        case 'message_stop':
          finished = true;
          return [
            ...start(),
            ...blocks.close(),
            { type: 'usage', usage: fromAnthropicUsage(usage) },
            { type: 'finish', finish: mapAnthropicStopReason(stopReason, stopSequence) },
          ];
        case 'error':
          finished = true;
          throw fromAnthropicStreamError(event.error);
        default:
          return []; // ping, and event types added later
      }
    },
    flush() {
      if (finished) return [];
      finished = true;
      throw truncatedStream();
    },
  };
}
