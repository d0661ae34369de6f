import { UpstreamError } from '../../common/errors/gateway-error.js';
import type { HubEvent } from '../../hub/hub-event.js';
import { HubBlockSequencer } from '../hub-blocks.js';
import { parseEventData, truncatedStream, type SseDecoder } from '../upstream-call.js';
import { mapCohereFinishReason } from './cohere.finish-reason.js';
import type { CohereStreamEvent } from './cohere.types.js';
import { fromCohereUsage } from './cohere.usage.js';

/**
 * Cohere's v2 stream (message-start, content-*, tool-plan-delta, tool-call-*, message-end) as hub
 * events. Pure and stateful: one event in, zero or more hub events out. Dispatches on the JSON
 * `type`; text becomes text blocks, thinking and the tool plan reasoning blocks, tool calls
 * tool-call blocks (Cohere's `tool_calls` delta is an object, not an array); citations and debug
 * events are dropped. `message-end` yields the usage and the finish, or throws when it reports an
 * error; a stream that ends before it throws. Cohere does not name the model: `model` is the one
 * that was asked for.
 */
export function createCohereStreamDecoder(model: string): SseDecoder {
  let started = false;
  let finished = false;
  let lastToolKey: string | undefined;
  const blocks = new HubBlockSequencer();
  const start = (id?: string): HubEvent[] => {
    if (started) return [];
    started = true;
    return [{ type: 'response-start', ...(id ? { id } : {}), model }];
  };
  const content = (index: number, item: { text?: string; thinking?: string } | undefined): HubEvent[] => {
    const out = start();
    const key = `content:${index}`;
    if (item?.text) out.push(...blocks.text(key, item.text));
    if (item?.thinking) out.push(...blocks.reasoning(key, item.thinking));
    return out;
  };
  return {
    get finished() {
      return finished;
    },
    decode(data) {
      if (finished || data === '[DONE]') return [];
      const event = parseEventData(data) as CohereStreamEvent;
      switch (event?.type) {
        case 'message-start':
          return start(typeof event.id === 'string' ? event.id : undefined);
        case 'content-start':
        case 'content-delta':
          return content(event.index, event.delta?.message?.content);
        case 'content-end':
          return blocks.end(`content:${event.index}`);
        case 'tool-plan-delta': {
          const out = start();
          const plan = event.delta?.message?.tool_plan;
          if (plan) out.push(...blocks.reasoning('plan', plan));
          return out;
        }
        case 'tool-call-start': {
          const call = event.delta?.message?.tool_calls;
          const key = `tool:${event.index}`;
          lastToolKey = key;
          return [
            ...start(),
            ...blocks.toolCall(key, call?.id ?? '', call?.function?.name ?? ''),
            ...blocks.toolArguments(key, call?.function?.arguments ?? ''),
          ];
        }
        case 'tool-call-delta':
          return blocks.toolArguments(
            typeof event.index === 'number' ? `tool:${event.index}` : (lastToolKey ?? ''),
            event.delta?.message?.tool_calls?.function?.arguments ?? '',
          );
        case 'tool-call-end':
          return blocks.end(typeof event.index === 'number' ? `tool:${event.index}` : (lastToolKey ?? ''));
        case 'message-end': {
          finished = true;
          const end = event.delta ?? {};
          if (typeof end.error === 'string' && end.error) {
            throw new UpstreamError(502, end.error, { type: 'api_error', code: 'generation_failed' });
          }
          const finish = mapCohereFinishReason(end.finish_reason);
          return [...start(), ...blocks.close(), { type: 'usage', usage: fromCohereUsage(end.usage) }, { type: 'finish', finish }];
        }
        default:
          return []; // citation-start/end, debug, and event types added later
      }
    },
    flush() {
      if (finished) return [];
      finished = true;
      throw truncatedStream();
    },
  };
}
