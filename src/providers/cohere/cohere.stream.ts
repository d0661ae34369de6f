import { UpstreamError } from '../../common/errors/gateway-error.js';
import type { ChatCompletionChunk } from '../../common/openai/chat-completion.types.js';
import { createChunkFactory, type TranslatedChunkOptions } from '../translated-chunks.js';
import type { StreamTranslator } from '../translated-sse-stream.js';
import { mapCohereFinishReason } from './cohere.finish-reason.js';
import type { CohereStreamEvent } from './cohere.types.js';
import { fromCohereUsage } from './cohere.usage.js';

export interface CohereStreamOptions extends TranslatedChunkOptions {
  /** Cohere does not name the model in its stream: the one that was asked for. */
  model: string;
}

interface ToolCall {
  index: number;
  arguments: string;
}

/**
 * Cohere's v2 stream (message-start, content-*, tool-plan-delta, tool-call-*, message-end) as
 * OpenAI chunks. Pure and stateful: one event in, zero or more chunks out. Dispatches on the JSON
 * `type`; text becomes `content`, thinking and the tool plan `reasoning_content`; tool calls are
 * numbered 0, 1, ... in the order they start (Cohere's `tool_calls` delta is an object, not an
 * array); citations and debug events are dropped. `message-end` yields the finish chunk and, when
 * asked for, the usage chunk, or throws when it reports an error; a stream that ends before it throws.
 */
export function createCohereStreamTranslator(options: CohereStreamOptions): StreamTranslator {
  let id = '';
  let started = false;
  let finished = false;
  const toolCalls = new Map<number, ToolCall>();
  let lastToolCall: ToolCall | undefined;
  let nextToolIndex = 0;

  const { chunk, finish } = createChunkFactory(options, () => ({ id, model: options.model }));

  const start = (): ChatCompletionChunk[] => {
    if (started) return [];
    started = true;
    return [chunk({ role: 'assistant', content: '' })];
  };

  const textChunks = (content: { text?: string; thinking?: string } | undefined): ChatCompletionChunk[] => {
    const out = start();
    if (content?.text) out.push(chunk({ content: content.text }));
    if (content?.thinking) out.push(chunk({ reasoning_content: content.thinking }));
    return out;
  };

  return {
    get finished() {
      return finished;
    },

    translate(raw) {
      if (finished) return [];
      const event = raw as CohereStreamEvent;
      switch (event?.type) {
        case 'message-start':
          if (typeof event.id === 'string') id = event.id;
          return start();
        case 'content-start':
        case 'content-delta':
          return textChunks(event.delta?.message?.content);
        case 'tool-plan-delta': {
          const out = start();
          const plan = event.delta?.message?.tool_plan;
          if (plan) out.push(chunk({ reasoning_content: plan }));
          return out;
        }
        case 'tool-call-start': {
          const call = event.delta?.message?.tool_calls;
          const initial = call?.function?.arguments ?? '';
          const tool: ToolCall = { index: nextToolIndex++, arguments: initial };
          toolCalls.set(event.index, tool);
          lastToolCall = tool;
          return [
            ...start(),
            chunk({ tool_calls: [{ index: tool.index, id: call?.id, type: 'function', function: { name: call?.function?.name, arguments: initial } }] }),
          ];
        }
        case 'tool-call-delta': {
          const tool = toolCalls.get(event.index) ?? lastToolCall;
          const fragment = event.delta?.message?.tool_calls?.function?.arguments;
          if (!tool || !fragment) return [];
          tool.arguments += fragment;
          return [chunk({ tool_calls: [{ index: tool.index, function: { arguments: fragment } }] })];
        }
        case 'tool-call-end': {
          const tool = toolCalls.get(event.index) ?? lastToolCall;
          if (!tool || tool.arguments) return [];
          tool.arguments = '{}';
          return [chunk({ tool_calls: [{ index: tool.index, function: { arguments: '{}' } }] })];
        }
        case 'message-end': {
          finished = true;
          const end = event.delta ?? {};
          if (typeof end.error === 'string' && end.error) {
            throw new UpstreamError(502, end.error.slice(0, 500), { type: 'api_error', code: 'generation_failed' });
          }
          return [...start(), ...finish(mapCohereFinishReason(end.finish_reason), fromCohereUsage(end.usage))];
        }
        default:
          return []; // content-end, citation-start/end, debug, and event types added later
      }
    },

    flush() {
      if (finished) return [];
      finished = true;
      throw new UpstreamError(502, 'The provider closed the stream before it was complete.', { type: 'api_error', code: 'stream_truncated' });
    },
  };
}
