import { UpstreamError } from '../../common/errors/gateway-error.js';
import type { ChatCompletion, ChatCompletionChunk, CompletionUsage } from '../../common/openai/chat-completion.types.js';
import { fromOpenAiFinishReason } from '../../common/openai/openai-finish-reason.js';
import { fromOpenAiUsage } from '../../common/openai/openai-usage.js';
import type { HubEvent } from '../../hub/hub-event.js';
import type { HubFinish } from '../../hub/hub-finish-reason.js';
import { HubBlockSequencer } from '../hub-blocks.js';
import { parseEventData, truncatedStream, type SseDecoder } from '../upstream-call.js';
import { mapFinishReason, normalizeCompletion } from './openai-compatible.normalize.js';
import type { OpenAiCompatiblePreset } from './openai-compatible.presets.js';

interface ReasoningFields {
  reasoning_content?: unknown;
  /** Ollama, OpenRouter and vLLM name it `reasoning`. */
  reasoning?: unknown;
}

const reasoningOf = (fields: ReasoningFields | undefined): string => {
  const text = fields?.reasoning_content ?? fields?.reasoning;
  return typeof text === 'string' ? text : '';
};

function streamError(chunk: object): UpstreamError | undefined {
  const error = (chunk as { error?: { message?: unknown; type?: unknown; code?: unknown } }).error;
  if (!error) return undefined;
  return new UpstreamError(502, typeof error.message === 'string' ? error.message : 'The provider reported an error mid-stream.', {
    type: typeof error.type === 'string' ? error.type : 'api_error',
    code: typeof error.code === 'string' ? error.code : null,
  });
}

/**
 * An OpenAI-format stream read into hub events (the first choice): reasoning (`reasoning_content`
 * or `reasoning`), text and tool calls as blocks, usage however the provider delivers it, the
 * finish mapped through the preset. `[DONE]` ends it; a body that ends before is truncated.
 */
export function createOpenAiStreamDecoder(preset: OpenAiCompatiblePreset, model: string): SseDecoder {
  const blocks = new HubBlockSequencer();
  let started = false;
  let sawToolCalls = false;
  let usage: CompletionUsage | undefined;
  let finish: HubFinish | undefined;
  let done = false;
  const toolIds = new Map<number, string>();

  const read = (chunk: ChatCompletionChunk): HubEvent[] => {
    if (!chunk || typeof chunk !== 'object' || Array.isArray(chunk)) {
      throw new UpstreamError(502, 'The provider sent a stream event that is not a chat completion chunk.', {
        type: 'api_error',
        code: 'invalid_upstream_response',
      });
    }
    const error = streamError(chunk);
    if (error) throw error;
    const out: HubEvent[] = [];
    if (!started) {
      started = true;
      out.push({ type: 'response-start', id: chunk.id, model: chunk.model || model, created: chunk.created });
    }
    const groqUsage = (chunk as { x_groq?: { usage?: CompletionUsage } }).x_groq?.usage;
    if (groqUsage) usage = groqUsage;
    if (chunk.usage) usage = chunk.usage;
    const choice = Array.isArray(chunk.choices) ? chunk.choices.find((entry) => entry?.index === 0 || entry?.index === undefined) : undefined;
    if (!choice) return out;
    const delta = choice.delta ?? {};
    const reasoning = reasoningOf(delta);
    if (reasoning) out.push(...blocks.reasoning('reasoning', reasoning));
    if (typeof delta.content === 'string' && delta.content) out.push(...blocks.text('text', delta.content));
    for (const call of delta.tool_calls ?? []) {
      const key = `tool:${call.index}`;
      if (call.id && toolIds.get(call.index) !== call.id) {
        toolIds.set(call.index, call.id);
        sawToolCalls = true;
        out.push(...blocks.toolCall(key, call.id, call.function?.name ?? ''));
      }
      out.push(...blocks.toolArguments(key, call.function?.arguments ?? ''));
    }
    if (choice.finish_reason) {
      const mapped = mapFinishReason(choice.finish_reason, sawToolCalls, preset.finishReasons);
      if (mapped) finish = fromOpenAiFinishReason(mapped);
    }
    return out;
  };

  return {
    get finished() {
      return done;
    },
    decode(data) {
      if (done) return [];
      if (data !== '[DONE]') return read(parseEventData(data) as ChatCompletionChunk);
      done = true;
      return [
        ...(started ? [] : [{ type: 'response-start' as const, model }]),
        ...blocks.close(),
        ...(usage ? [{ type: 'usage' as const, usage: fromOpenAiUsage(usage) }] : []),
        { type: 'finish', finish: finish ?? { reason: 'stop' } },
      ];
    },
    flush() {
      if (done) return [];
      throw truncatedStream();
    },
  };
}

/** A non-streaming OpenAI-format completion as the hub events of the whole answer (the first choice). */
export function fromOpenAiCompletion(completion: ChatCompletion, preset: OpenAiCompatiblePreset, model: string): HubEvent[] {
  normalizeCompletion(completion, preset);
  const choice = completion.choices.find((entry) => entry?.index === 0 || entry?.index === undefined);
  const message = choice?.message;
  const blocks = new HubBlockSequencer();
  const events: HubEvent[] = [{ type: 'response-start', id: completion.id, model: completion.model || model, created: completion.created }];
  const reasoning = reasoningOf(message);
  if (reasoning) events.push(...blocks.reasoning('reasoning', reasoning), ...blocks.close());
  if (typeof message?.content === 'string' && message.content) events.push(...blocks.text('text', message.content), ...blocks.close());
  for (const [index, call] of (message?.tool_calls ?? []).entries()) {
    const key = `tool:${index}`;
    events.push(...blocks.toolCall(key, call.id, call.function.name), ...blocks.toolArguments(key, call.function.arguments), ...blocks.close());
  }
  if (completion.usage) events.push({ type: 'usage', usage: fromOpenAiUsage(completion.usage) });
  events.push({ type: 'finish', finish: choice?.finish_reason ? fromOpenAiFinishReason(choice.finish_reason) : { reason: 'stop' } });
  return events;
}
