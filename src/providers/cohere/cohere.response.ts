import { UpstreamError } from '../../common/errors/gateway-error.js';
import type { ChatCompletion, ChatCompletionToolCall } from '../../common/openai/chat-completion.types.js';
import { toChatCompletion } from '../translated-chunks.js';
import { mapCohereFinishReason } from './cohere.finish-reason.js';
import type { CohereResponse } from './cohere.types.js';
import { fromCohereUsage } from './cohere.usage.js';

export interface CohereResponseOptions {
  /** Cohere does not echo the model: the one that was asked for. */
  model: string;
  /** Unix seconds; the gateway's clock. */
  created: number;
}

/**
 * A Cohere v2 chat response as an OpenAI `chat.completion`: text items joined into `content`
 * (null when there are none), tool calls kept with string arguments (omitted when there are
 * none), thinking and the `tool_plan` as `reasoning_content`.
 */
export function fromCohereResponse(response: CohereResponse, options: CohereResponseOptions): ChatCompletion {
  if (!response || typeof response !== 'object' || typeof response.id !== 'string') {
    throw new UpstreamError(502, 'The provider answered with a response the gateway cannot read.', { type: 'api_error' });
  }
  const finishReason = mapCohereFinishReason(response.finish_reason);
  const message = response.message ?? {};
  const content = Array.isArray(message.content) ? message.content : [];
  const texts = content.filter((item) => item?.type === 'text' && typeof item.text === 'string').map((item) => item.text as string);
  const reasoning = [
    ...content.filter((item) => item?.type === 'thinking' && typeof item.thinking === 'string').map((item) => item.thinking as string),
    ...(typeof message.tool_plan === 'string' && message.tool_plan ? [message.tool_plan] : []),
  ];
  const toolCalls: ChatCompletionToolCall[] = (Array.isArray(message.tool_calls) ? message.tool_calls : [])
    .filter((call) => typeof call?.id === 'string' && typeof call.function?.name === 'string')
    .map((call) => ({
      id: call.id as string,
      type: 'function',
      function: {
        name: call.function!.name as string,
        arguments: typeof call.function!.arguments === 'string' ? call.function!.arguments || '{}' : JSON.stringify(call.function!.arguments ?? {}),
      },
    }));
  return toChatCompletion({
    id: response.id,
    created: options.created,
    model: options.model,
    texts,
    reasoning: reasoning.join('\n'),
    toolCalls,
    finishReason,
    usage: fromCohereUsage(response.usage),
  });
}
