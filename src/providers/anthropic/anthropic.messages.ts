import { InvalidRequestError } from '../../common/errors/gateway-error.js';
import type { ChatCompletionMessage } from '../../common/openai/chat-completion.types.js';
import { hasText, toPlainText, toTextBlocks, toUserBlocks } from './anthropic.content.js';
import type { AnthropicAssistantBlock, AnthropicInputBlock, AnthropicMessage, AnthropicToolResultBlock, AnthropicToolUseBlock } from './anthropic.types.js';

/** What a conversation without a leading user turn starts with (Anthropic expects a user turn first). */
export const CONTINUE_PROMPT = '(continue)';

export interface AnthropicPrompt {
  system?: string;
  messages: AnthropicMessage[];
}

/**
 * OpenAI messages to Anthropic's `system` and alternating user/assistant turns:
 * - system and developer messages are hoisted into `system`, wherever they stand;
 * - assistant `tool_calls` become `tool_use` blocks, `tool` messages `tool_result` blocks that
 *   open the next user turn (several tool messages share one turn, a following user message
 *   is appended after them);
 * - consecutive turns of one role are merged; empty text is dropped, and turns left empty with it;
 * - a final assistant turn (a prefill) loses its trailing whitespace, which Anthropic rejects.
 */
export function convertToAnthropicMessages(messages: ChatCompletionMessage[]): AnthropicPrompt {
  const system: string[] = [];
  const turns: AnthropicMessage[] = [];
  messages.forEach((message, index) => {
    const where = `messages[${index}]`;
    if (!message || typeof message !== 'object') throw new InvalidRequestError('A message must be an object.', { param: where });
    switch (message.role) {
      case 'system':
      case 'developer': {
        const text = toPlainText(message.content, where);
        if (hasText(text)) system.push(text);
        return;
      }
      case 'user':
        return appendTurn(turns, 'user', toUserBlocks(message.content, where));
      case 'assistant':
        return appendTurn(turns, 'assistant', toAssistantBlocks(message, where));
      case 'tool':
        return appendTurn(turns, 'user', [toToolResultBlock(message, where)]);
      default:
        throw new InvalidRequestError(`Messages with role "${message.role}" cannot be sent to Anthropic; use tool_calls and tool messages.`, {
          param: `${where}.role`,
          code: 'unsupported_role',
        });
    }
  });

  trimPrefill(turns);
  if (turns.length === 0) {
    throw new InvalidRequestError('The conversation has no user or assistant message with content.', { param: 'messages', code: 'empty_conversation' });
  }
  if (turns[0].role === 'assistant') turns.unshift({ role: 'user', content: toTextBlocks(CONTINUE_PROMPT) });
  return { ...(system.length > 0 ? { system: system.join('\n\n') } : {}), messages: turns };
}

/** Anthropic tool ids allow letters, digits, `_` and `-`; other characters (from foreign ids) become `_`, the same way on both sides. */
export function toAnthropicToolId(id: unknown, where: string): string {
  if (typeof id !== 'string' || id.length === 0) throw new InvalidRequestError('A tool call needs a non-empty id.', { param: where });
  return id.replace(/[^a-zA-Z0-9_-]/g, '_');
}

function toAssistantBlocks(message: ChatCompletionMessage, where: string): AnthropicAssistantBlock[] {
  const text = [toPlainText(message.content, where, 'text and refusal'), typeof message.refusal === 'string' ? message.refusal : '']
    .filter(hasText)
    .join('\n');
  const blocks: AnthropicAssistantBlock[] = toTextBlocks(text);
  if (message.tool_calls !== undefined && message.tool_calls !== null) {
    if (!Array.isArray(message.tool_calls)) throw new InvalidRequestError('tool_calls must be an array.', { param: `${where}.tool_calls` });
    message.tool_calls.forEach((call, index) => blocks.push(toToolUseBlock(call, `${where}.tool_calls[${index}]`)));
  }
  return blocks;
}

function toToolUseBlock(call: unknown, where: string): AnthropicToolUseBlock {
  const toolCall = call as { id?: unknown; type?: unknown; function?: { name?: unknown; arguments?: unknown } } | null;
  if (toolCall?.type !== 'function' || typeof toolCall.function?.name !== 'string') {
    throw new InvalidRequestError('Only function tool calls with a name can be sent to Anthropic.', { param: where, code: 'unsupported_tool_call' });
  }
  return {
    type: 'tool_use',
    id: toAnthropicToolId(toolCall.id, `${where}.id`),
    name: toolCall.function.name,
    input: parseArguments(toolCall.function.arguments, `${where}.function.arguments`),
  };
}

/** Anthropic takes tool input as an object; OpenAI carries it as a JSON string. */
function parseArguments(raw: unknown, where: string): Record<string, unknown> {
  if (raw === undefined || raw === null || (typeof raw === 'string' && raw.trim() === '')) return {};
  if (typeof raw === 'object' && !Array.isArray(raw)) return raw as Record<string, unknown>;
  let parsed: unknown;
  try {
    parsed = JSON.parse(String(raw));
  } catch {
    throw new InvalidRequestError('Tool call arguments are not valid JSON.', { param: where, code: 'invalid_tool_arguments' });
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new InvalidRequestError('Tool call arguments must be a JSON object.', { param: where, code: 'invalid_tool_arguments' });
  }
  return parsed as Record<string, unknown>;
}

function toToolResultBlock(message: ChatCompletionMessage, where: string): AnthropicToolResultBlock {
  const text = toPlainText(message.content, where);
  return {
    type: 'tool_result',
    tool_use_id: toAnthropicToolId(message.tool_call_id, `${where}.tool_call_id`),
    ...(hasText(text) ? { content: text } : {}),
  };
}

function appendTurn(turns: AnthropicMessage[], role: AnthropicMessage['role'], blocks: AnthropicInputBlock[]): void {
  if (blocks.length === 0) return;
  const last = turns.at(-1);
  if (last?.role !== role) {
    turns.push({ role, content: role === 'user' ? toolResultsFirst(blocks) : blocks });
    return;
  }
  last.content = role === 'user' ? toolResultsFirst([...last.content, ...blocks]) : [...last.content, ...blocks];
}

/** Tool results must open a user turn; the order within each kind is kept. */
function toolResultsFirst(blocks: AnthropicInputBlock[]): AnthropicInputBlock[] {
  return [...blocks.filter((block) => block.type === 'tool_result'), ...blocks.filter((block) => block.type !== 'tool_result')];
}

function trimPrefill(turns: AnthropicMessage[]): void {
  const last = turns.at(-1);
  if (last?.role !== 'assistant') return;
  const lastBlock = last.content.at(-1);
  if (lastBlock?.type !== 'text') return;
  const trimmed = lastBlock.text.trimEnd();
  if (trimmed) {
    last.content[last.content.length - 1] = { type: 'text', text: trimmed };
    return;
  }
  last.content.pop();
  if (last.content.length === 0) turns.pop();
}
