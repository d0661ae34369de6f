import { UpstreamError } from '../../common/errors/gateway-error.js';
import type { ChatCompletion, ChatCompletionToolCall } from '../../common/openai/chat-completion.types.js';
import { toChatCompletion } from '../translated-chunks.js';
import { mapAnthropicFinishReason } from './anthropic.finish-reason.js';
import type { AnthropicResponse } from './anthropic.types.js';
import { fromAnthropicUsage } from './anthropic.usage.js';

export interface AnthropicResponseOptions {
  /** Unix seconds; the gateway's clock (Anthropic sends no timestamp). */
  created: number;
}

/**
 * An Anthropic message as an OpenAI `chat.completion`: text blocks joined into `content` (null
 * when there are none), `tool_use` blocks as `tool_calls` with JSON-string arguments (omitted when
 * there are none), thinking as `reasoning_content`. Other blocks (server tools, redacted thinking)
 * have no OpenAI form and are left out.
 */
export function fromAnthropicResponse(message: AnthropicResponse, options: AnthropicResponseOptions): ChatCompletion {
  if (!message || typeof message !== 'object' || !Array.isArray(message.content)) {
    throw new UpstreamError(502, 'The provider answered with a message the gateway cannot read.', { type: 'api_error' });
  }
  const texts: string[] = [];
  const thinking: string[] = [];
  const toolCalls: ChatCompletionToolCall[] = [];
  for (const block of message.content) {
    if (block?.type === 'text' && typeof block.text === 'string') texts.push(block.text);
    else if (block?.type === 'thinking' && typeof block.thinking === 'string') thinking.push(block.thinking);
    else if (block?.type === 'tool_use' && typeof block.id === 'string' && typeof block.name === 'string') {
      toolCalls.push({ id: block.id, type: 'function', function: { name: block.name, arguments: JSON.stringify(block.input ?? {}) } });
    }
  }
  const finishReason = mapAnthropicFinishReason(message.stop_reason);
  return toChatCompletion({
    id: message.id,
    created: options.created,
    model: message.model,
    texts,
    reasoning: thinking.join(''),
    toolCalls,
    finishReason,
    usage: fromAnthropicUsage(message.usage),
  });
}
