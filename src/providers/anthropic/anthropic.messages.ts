import { InvalidRequestError } from '../../common/errors/gateway-error.js';
import type { HubMessage, HubPart, HubToolCallPart, HubToolResultPart } from '../../hub/hub-request.js';
import { hasText, textBlock, toImageBlock, toPlainText, toUserBlocks, unsupportedPart, withCache } from './anthropic.content.js';
import type {
  AnthropicAssistantBlock,
  AnthropicImageBlock,
  AnthropicInputBlock,
  AnthropicMessage,
  AnthropicTextBlock,
  AnthropicToolResultBlock,
  AnthropicToolUseBlock,
} from './anthropic.types.js';

/** What a conversation without a leading user turn starts with (Anthropic expects a user turn first). */
export const CONTINUE_PROMPT = '(continue)';

export interface AnthropicPrompt {
  /** A string, or text blocks when any system text carries a cache breakpoint. */
  system?: string | AnthropicTextBlock[];
  messages: AnthropicMessage[];
}

/**
 * Hub messages to Anthropic's `system` and alternating user/assistant turns:
 * - system messages are hoisted into `system`, wherever they stand;
 * - an assistant turn opens with its signed thinking and redacted thinking (Anthropic requires
 *   them back, first, when tools are used with thinking; unsigned reasoning cannot be sent and is
 *   left out), then its text, then `tool_use` blocks;
 * - tool results become `tool_result` blocks that open the next user turn (several tool messages
 *   share one turn, a following user message is appended after them);
 * - consecutive turns of one role are merged; empty text is dropped, and turns left empty with it;
 * - a final assistant turn (a prefill) loses its trailing whitespace, which Anthropic rejects.
 */
export function convertToAnthropicMessages(messages: readonly HubMessage[]): AnthropicPrompt {
  const system: Array<{ text: string; blocks: AnthropicTextBlock[] }> = [];
  const turns: AnthropicMessage[] = [];
  for (const message of messages) {
    switch (message.role) {
      case 'system':
        system.push({ text: toPlainText(message.parts), blocks: systemBlocks(message.parts) });
        break;
      case 'user':
        appendTurn(turns, 'user', toUserBlocks(message.parts));
        break;
      case 'assistant':
        appendTurn(turns, 'assistant', toAssistantBlocks(message.parts));
        break;
      case 'tool':
        appendTurn(turns, 'user', message.parts.map(toToolResultBlock));
        break;
    }
  }
  for (const turn of turns) toolResultsFirst(turn);
  trimPrefill(turns);
  if (turns.length === 0) {
    throw new InvalidRequestError('The conversation has no user or assistant message with content.', { param: 'messages', code: 'empty_conversation' });
  }
  if (turns[0].role === 'assistant') turns.unshift({ role: 'user', content: [textBlock(CONTINUE_PROMPT)] });
  return { ...toSystem(system), messages: turns };
}

function systemBlocks(parts: readonly HubPart[]): AnthropicTextBlock[] {
  return parts.flatMap((part) => (part.type === 'text' && hasText(part.text) ? [textBlock(part.text, part.cacheControl)] : []));
}

/** One string, unless a cache breakpoint needs the block form. */
function toSystem(system: Array<{ text: string; blocks: AnthropicTextBlock[] }>): Pick<AnthropicPrompt, 'system'> {
  if (system.some((entry) => entry.blocks.some((block) => block.cache_control))) return { system: system.flatMap((entry) => entry.blocks) };
  const text = system.map((entry) => entry.text).filter(hasText);
  return text.length > 0 ? { system: text.join('\n\n') } : {};
}

/** Anthropic tool ids allow letters, digits, `_` and `-`; other characters (from foreign ids) become `_`, the same way on both sides. */
export function toAnthropicToolId(id: string, where: string | undefined): string {
  if (!id) throw new InvalidRequestError('A tool call needs a non-empty id.', { param: where });
  return id.replace(/[^a-zA-Z0-9_-]/g, '_');
}

function toAssistantBlocks(parts: readonly HubPart[]): AnthropicAssistantBlock[] {
  const reasoning: AnthropicAssistantBlock[] = [];
  const texts: string[] = [];
  let textCache: AnthropicTextBlock['cache_control'];
  const toolUses: AnthropicToolUseBlock[] = [];
  for (const part of parts) {
    switch (part.type) {
      case 'reasoning':
        if (part.redactedData !== undefined) reasoning.push({ type: 'redacted_thinking', data: part.redactedData });
        else if (part.signature) reasoning.push({ type: 'thinking', thinking: part.text, signature: part.signature });
        break;
      case 'text':
        if (hasText(part.text)) texts.push(part.text);
        textCache = part.cacheControl ?? textCache;
        break;
      case 'tool-call':
        toolUses.push(toToolUseBlock(part));
        break;
      default:
        throw unsupportedPart(part, 'text and refusal');
    }
  }
  const text = texts.join('\n');
  return [...reasoning, ...(text ? [textBlock(text, textCache)] : []), ...toolUses];
}

function toToolUseBlock(part: HubToolCallPart): AnthropicToolUseBlock {
  return withCache(
    { type: 'tool_use', id: toAnthropicToolId(part.id, part.path), name: part.name, input: parseArguments(part.arguments, part.argumentsPath ?? part.path) },
    part.cacheControl,
  );
}

/** Anthropic takes tool input as an object; the hub carries it as JSON text. */
function parseArguments(raw: string, where: string | undefined): Record<string, unknown> {
  if (raw.trim() === '') return {};
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    throw new InvalidRequestError('Tool call arguments are not valid JSON.', { param: where, code: 'invalid_tool_arguments' });
  }
  if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new InvalidRequestError('Tool call arguments must be a JSON object.', { param: where, code: 'invalid_tool_arguments' });
  }
  return parsed as Record<string, unknown>;
}

function toToolResultBlock(part: HubPart): AnthropicToolResultBlock {
  if (part.type !== 'tool-result') throw unsupportedPart(part, 'tool results');
  return withCache({ type: 'tool_result', tool_use_id: toAnthropicToolId(part.callId, part.path), ...toolResultContent(part) }, part.cacheControl);
}

/** Text only: one string (left out when empty). With images: blocks. */
function toolResultContent(part: HubToolResultPart): Pick<AnthropicToolResultBlock, 'content' | 'is_error'> {
  const error = part.isError ? { is_error: true } : {};
  if (part.content.some((item) => item.type === 'image')) {
    return {
      content: part.content.flatMap((item): Array<AnthropicTextBlock | AnthropicImageBlock> =>
        item.type === 'image' ? [toImageBlock(item)] : hasText(item.text) ? [textBlock(item.text)] : [],
      ),
      ...error,
    };
  }
  const text = part.content
    .map((item) => (item.type === 'text' ? item.text : ''))
    .filter(hasText)
    .join('\n');
  return { ...(hasText(text) ? { content: text } : {}), ...error };
}

/** Adds blocks to the conversation, merging them into the last turn when it has the same role (in place: linear in the blocks). */
function appendTurn(turns: AnthropicMessage[], role: AnthropicMessage['role'], blocks: AnthropicInputBlock[]): void {
  if (blocks.length === 0) return;
  const last = turns.at(-1);
  if (last?.role !== role) {
    turns.push({ role, content: blocks });
    return;
  }
  for (const block of blocks) last.content.push(block);
}

/** Tool results must open a user turn; the order within each kind is kept. */
function toolResultsFirst(turn: AnthropicMessage): void {
  if (turn.role !== 'user' || !turn.content.some((block) => block.type === 'tool_result')) return;
  turn.content = [...turn.content.filter((block) => block.type === 'tool_result'), ...turn.content.filter((block) => block.type !== 'tool_result')];
}

function trimPrefill(turns: AnthropicMessage[]): void {
  const last = turns.at(-1);
  if (last?.role !== 'assistant') return;
  const lastBlock = last.content.at(-1);
  if (lastBlock?.type !== 'text') return;
  const trimmed = lastBlock.text.trimEnd();
  if (trimmed) {
    last.content[last.content.length - 1] = { ...lastBlock, text: trimmed };
    return;
  }
  last.content.pop();
  if (last.content.length === 0) turns.pop();
}
