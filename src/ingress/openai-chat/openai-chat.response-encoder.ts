import type { ChatCompletion, ChatCompletionToolCall } from '../../common/openai/chat-completion.types.js';
import { toOpenAiFinishReason } from '../../common/openai/openai-finish-reason.js';
import { toOpenAiUsage } from '../../common/openai/openai-usage.js';
import type { HubResponse } from '../../hub/hub-response.js';
import { SERVER_TOOL_BREAK, serverToolCallText, serverToolResultText } from '../http/server-tool-text.js';
import { thinkingBlock, type ThinkingBlock } from './openai-chat.thinking-blocks.js';

/**
 * A whole hub answer as an OpenAI `chat.completion`: text joined into `content` (null when there
 * is none), reasoning as `reasoning_content` and, when signed, `thinking_blocks`, tool calls with
 * JSON-string arguments (omitted when there are none); a tool the gateway ran itself is text in
 * `content`, marked `[MCP …]`, as the stream shows it. A relayed answer is its own body.
 */
export function toChatCompletion(response: HubResponse, defaults: { created: number; model: string }): unknown {
  if (response.frame) return typeof response.frame.data === 'string' ? JSON.parse(response.frame.data) : response.frame.data;
  const texts: string[] = [];
  const reasoning: string[] = [];
  const thinkingBlocks: ThinkingBlock[] = [];
  const toolCalls: ChatCompletionToolCall[] = [];
  for (const part of response.parts) {
    if (part.type === 'text') texts.push(part.text);
    else if (part.type === 'reasoning') {
      if (part.text) reasoning.push(part.text);
      const block = thinkingBlock(part);
      if (block) thinkingBlocks.push(block);
    } else if (part.type === 'server-tool') {
      const written = texts.join('');
      const before = written.length > 0 && !written.endsWith(SERVER_TOOL_BREAK) ? SERVER_TOOL_BREAK : '';
      texts.push(before + serverToolCallText(part) + serverToolResultText({ output: part.output ?? '', isError: part.isError ?? false }));
    } else toolCalls.push({ id: part.id, type: 'function', function: { name: part.name, arguments: part.arguments } });
  }
  const completion: ChatCompletion = {
    id: response.id ?? '',
    object: 'chat.completion',
    created: response.created ?? defaults.created,
    model: response.model ?? defaults.model,
    choices: [
      {
        index: 0,
        message: {
          role: 'assistant',
          content: texts.length > 0 ? texts.join('') : null,
          refusal: null,
          ...(reasoning.length > 0 ? { reasoning_content: reasoning.join('') } : {}),
          ...(thinkingBlocks.length > 0 ? { thinking_blocks: thinkingBlocks } : {}),
          ...(toolCalls.length > 0 ? { tool_calls: toolCalls } : {}),
        },
        logprobs: null,
        finish_reason: response.finish ? toOpenAiFinishReason(response.finish) : 'stop',
      },
    ],
    usage: toOpenAiUsage(response.usage ?? { inputTokens: 0, outputTokens: 0 }),
  };
  return completion;
}
