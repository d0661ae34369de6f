import { randomBytes } from 'node:crypto';
import type { HubOutputPart, HubResponse } from '../../hub/hub-response.js';
import { serverToolCallText, serverToolResultText } from '../http/server-tool-text.js';
import { toMessagesUsage, toStopReason } from './anthropic-messages.stop-reason.js';
import type { MessagesOutputBlock, MessagesResponse } from './anthropic-messages.types.js';

/** A message id in Anthropic's form for an answer that has none of its own. */
export function messageId(providerId: string | undefined): string {
  if (providerId?.startsWith('msg_')) return providerId;
  return `msg_${providerId ?? randomBytes(12).toString('base64url')}`;
}

/** Tool input as the object Anthropic clients expect; arguments that are not a JSON object become `{}`. */
export function toolInput(argumentsText: string): Record<string, unknown> {
  try {
    const parsed: unknown = JSON.parse(argumentsText || '{}');
    return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : {};
  } catch {
    return {};
  }
}

/**
 * A whole hub answer as an Anthropic `Message`: blocks in the order the provider produced them
 * (reasoning as `thinking` with the provider's signature, or an empty one; redacted reasoning as
 * `redacted_thinking`; empty text left out; tool calls with their input as an object), the stop
 * reason mapped, usage with Anthropic's split of cached input; a tool the gateway ran itself is a
 * text block marked `[MCP …]`, as the stream shows it. A relayed answer is its own body,
 * sent as Anthropic wrote it.
 */
export function toMessagesResponse(response: HubResponse, model: string): MessagesResponse | string {
  if (response.frame) return typeof response.frame.data === 'string' ? response.frame.data : JSON.stringify(response.frame.data);
  const content = response.parts.flatMap(toOutputBlock);
  const calledTools = content.some((block) => block.type === 'tool_use');
  return {
    id: messageId(response.id),
    type: 'message',
    role: 'assistant',
    model,
    content,
    ...toStopReason(response.finish, calledTools),
    usage: toMessagesUsage(response.usage ?? { inputTokens: 0, outputTokens: 0 }),
  };
}

function toOutputBlock(part: HubOutputPart): MessagesOutputBlock[] {
  switch (part.type) {
    case 'text':
      return part.text ? [{ type: 'text', text: part.text }] : [];
    case 'reasoning':
      if (part.redactedData !== undefined) return [{ type: 'redacted_thinking', data: part.redactedData }];
      return [{ type: 'thinking', thinking: part.text, signature: part.signature ?? '' }];
    case 'tool-call':
      return [{ type: 'tool_use', id: part.id, name: part.name, input: toolInput(part.arguments) }];
    case 'server-tool':
      return [{ type: 'text', text: serverToolCallText(part) + serverToolResultText({ output: part.output ?? '', isError: part.isError ?? false }) }];
  }
}
