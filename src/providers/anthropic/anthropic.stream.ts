import { UpstreamError } from '../../common/errors/gateway-error.js';
import type { ChatCompletionChunk } from '../../common/openai/chat-completion.types.js';
import { createChunkFactory, type TranslatedChunkOptions } from '../translated-chunks.js';
import type { StreamTranslator } from '../translated-sse-stream.js';
import { fromAnthropicStreamError } from './anthropic.error.js';
import { mapAnthropicFinishReason } from './anthropic.finish-reason.js';
import type { AnthropicStreamEvent, AnthropicUsage } from './anthropic.types.js';
import { fromAnthropicUsage, mergeAnthropicUsage } from './anthropic.usage.js';

export interface AnthropicStreamOptions extends TranslatedChunkOptions {
  /** Used until `message_start` names the model. */
  model: string;
}

interface ToolBlock {
  index: number;
  /** Arguments sent so far; a call that got none is closed with `{}`. */
  arguments: string;
}

/**
 * Anthropic's stream (message_start, content blocks, message_delta, message_stop) as OpenAI
 * chunks. Pure and stateful: one event in, zero or more chunks out. Text deltas become `content`,
 * thinking `reasoning_content`, each `tool_use` block a tool call numbered 0, 1, ... in order of
 * appearance whatever its block index; `ping` and signatures are dropped; usage is cumulative
 * (assigned, never summed). `message_stop` yields the finish chunk and, when asked for, the usage
 * chunk; an `error` event throws, and so does a stream that ends before `message_stop`.
 */
export function createAnthropicStreamTranslator(options: AnthropicStreamOptions): StreamTranslator {
  let id = '';
  let model = options.model;
  let usage: AnthropicUsage = {};
  let stopReason: string | null | undefined;
  let started = false;
  let finished = false;
  const toolBlocks = new Map<number, ToolBlock>();
  let nextToolIndex = 0;

  const { chunk, finish } = createChunkFactory(options, () => ({ id, model }));

  const start = (): ChatCompletionChunk[] => {
    if (started) return [];
    started = true;
    return [chunk({ role: 'assistant', content: '' })];
  };

  return {
    get finished() {
      return finished;
    },

    translate(raw) {
      if (finished) return [];
      const event = raw as AnthropicStreamEvent;
      switch (event?.type) {
        case 'message_start': {
          const message = event.message ?? {};
          if (typeof message.id === 'string') id = message.id;
          if (typeof message.model === 'string') model = message.model;
          usage = mergeAnthropicUsage(usage, message.usage);
          return start();
        }
        case 'content_block_start': {
          const block = event.content_block ?? { type: 'unknown' };
          const out = start();
          if (block.type === 'text' && block.text) out.push(chunk({ content: block.text }));
          if (block.type === 'thinking' && block.thinking) out.push(chunk({ reasoning_content: block.thinking }));
          if (block.type === 'tool_use') {
            const tool: ToolBlock = { index: nextToolIndex++, arguments: '' };
            toolBlocks.set(event.index, tool);
            const initial = block.input && typeof block.input === 'object' && Object.keys(block.input).length > 0 ? JSON.stringify(block.input) : '';
            tool.arguments = initial;
            out.push(chunk({ tool_calls: [{ index: tool.index, id: block.id, type: 'function', function: { name: block.name, arguments: initial } }] }));
          }
          return out;
        }
        case 'content_block_delta': {
          const delta = event.delta ?? { type: 'unknown' };
          const out = start();
          if (delta.type === 'text_delta' && delta.text) out.push(chunk({ content: delta.text }));
          else if (delta.type === 'thinking_delta' && delta.thinking) out.push(chunk({ reasoning_content: delta.thinking }));
          else if (delta.type === 'input_json_delta' && delta.partial_json) {
            const tool = toolBlocks.get(event.index);
            if (!tool) return out; // input of a server tool: no OpenAI form
            tool.arguments += delta.partial_json;
            out.push(chunk({ tool_calls: [{ index: tool.index, function: { arguments: delta.partial_json } }] }));
          }
          return out;
        }
        case 'content_block_stop': {
          const tool = toolBlocks.get(event.index);
          if (!tool || tool.arguments) return [];
          tool.arguments = '{}';
          return [chunk({ tool_calls: [{ index: tool.index, function: { arguments: '{}' } }] })];
        }
        case 'message_delta':
          if (event.delta && 'stop_reason' in event.delta) stopReason = event.delta.stop_reason;
          usage = mergeAnthropicUsage(usage, event.usage);
          return [];
        case 'message_stop': {
          finished = true;
          return [...start(), ...finish(mapAnthropicFinishReason(stopReason), fromAnthropicUsage(usage))];
        }
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
      throw new UpstreamError(502, 'The provider closed the stream before it was complete.', { type: 'api_error', code: 'stream_truncated' });
    },
  };
}
