import { InvalidRequestError } from '../../common/errors/gateway-error.js';
import type { ChatCompletionContentPart, ChatCompletionMessage } from '../../common/openai/chat-completion.types.js';
import type { CohereImageContent, CohereMessage, CohereTextContent, CohereToolCall } from './cohere.types.js';

const DETAILS = ['auto', 'low', 'high'] as const;

const hasText = (text: unknown): text is string => typeof text === 'string' && text.trim().length > 0;

/**
 * OpenAI messages to Cohere v2 messages: system and developer messages joined into one leading
 * system message (Cohere wants it first); assistant `tool_calls` kept (arguments as a JSON string)
 * with any accompanying text as the `tool_plan`; `tool` messages kept; empty text dropped, and
 * user and assistant messages left empty with it.
 */
export function convertToCohereMessages(messages: ChatCompletionMessage[]): CohereMessage[] {
  const system: string[] = [];
  const converted: CohereMessage[] = [];
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
      case 'user': {
        const content = toUserContent(message.content, where);
        if (content) converted.push({ role: 'user', content });
        return;
      }
      case 'assistant': {
        const assistant = toAssistantMessage(message, where);
        if (assistant) converted.push(assistant);
        return;
      }
      case 'tool': {
        if (typeof message.tool_call_id !== 'string' || !message.tool_call_id) {
          throw new InvalidRequestError('A tool message needs a tool_call_id.', { param: `${where}.tool_call_id` });
        }
        converted.push({ role: 'tool', tool_call_id: message.tool_call_id, content: toPlainText(message.content, where) });
        return;
      }
      default:
        throw new InvalidRequestError(`Messages with role "${message.role}" cannot be sent to Cohere; use tool_calls and tool messages.`, {
          param: `${where}.role`,
          code: 'unsupported_role',
        });
    }
  });
  if (converted.length === 0) {
    throw new InvalidRequestError('The conversation has no user, assistant or tool message with content.', { param: 'messages', code: 'empty_conversation' });
  }
  return system.length > 0 ? [{ role: 'system', content: system.join('\n\n') }, ...converted] : converted;
}

function toPlainText(content: unknown, where: string): string {
  if (content === null || content === undefined) return '';
  if (typeof content === 'string') return content;
  return (content as ChatCompletionContentPart[])
    .map((part, index) => {
      if (part.type === 'text' && typeof part.text === 'string') return part.text;
      if (part.type === 'refusal' && typeof part.refusal === 'string') return part.refusal;
      throw unsupportedPart(part.type, `${where}.content[${index}]`, 'text');
    })
    .filter(hasText)
    .join('\n');
}

function toUserContent(content: unknown, where: string): string | Array<CohereTextContent | CohereImageContent> | undefined {
  if (content === null || content === undefined) return undefined;
  if (typeof content === 'string') return hasText(content) ? content : undefined;
  const parts: Array<CohereTextContent | CohereImageContent> = [];
  for (const [index, part] of (content as ChatCompletionContentPart[]).entries()) {
    const at = `${where}.content[${index}]`;
    if (part.type === 'text') {
      if (hasText(part.text)) parts.push({ type: 'text', text: part.text });
    } else if (part.type === 'image_url') {
      const image = part.image_url as { url?: unknown; detail?: unknown } | undefined;
      if (typeof image?.url !== 'string' || !/^(data:image\/|https?:\/\/)/i.test(image.url)) {
        throw new InvalidRequestError('An image must be a base64 data URL or an http(s) URL.', { param: `${at}.image_url.url`, code: 'invalid_image_url' });
      }
      const detail = DETAILS.find((level) => level === image.detail);
      parts.push({ type: 'image_url', image_url: { url: image.url, ...(detail ? { detail } : {}) } });
    } else {
      throw unsupportedPart(part.type, at, 'text and image_url');
    }
  }
  return parts.length > 0 ? parts : undefined;
}

function toAssistantMessage(message: ChatCompletionMessage, where: string): CohereMessage | undefined {
  const text = [toPlainText(message.content, where), typeof message.refusal === 'string' ? message.refusal : ''].filter(hasText).join('\n');
  const calls = message.tool_calls;
  if (calls !== undefined && calls !== null && !Array.isArray(calls)) {
    throw new InvalidRequestError('tool_calls must be an array.', { param: `${where}.tool_calls` });
  }
  if (!calls || calls.length === 0) return hasText(text) ? { role: 'assistant', content: text } : undefined;
  const toolCalls = calls.map((call, index) => toToolCall(call, `${where}.tool_calls[${index}]`));
  return { role: 'assistant', ...(hasText(text) ? { tool_plan: text } : {}), tool_calls: toolCalls };
}

function toToolCall(call: unknown, where: string): CohereToolCall {
  const toolCall = call as { id?: unknown; type?: unknown; function?: { name?: unknown; arguments?: unknown } } | null;
  if (toolCall?.type !== 'function' || typeof toolCall.function?.name !== 'string' || typeof toolCall.id !== 'string' || !toolCall.id) {
    throw new InvalidRequestError('Only function tool calls with an id and a name can be sent to Cohere.', { param: where, code: 'unsupported_tool_call' });
  }
  const raw = toolCall.function.arguments;
  const args = typeof raw === 'string' ? (raw.trim() ? raw : '{}') : JSON.stringify(raw ?? {});
  return { id: toolCall.id, type: 'function', function: { name: toolCall.function.name, arguments: args } };
}

function unsupportedPart(type: string, where: string, accepted: string): InvalidRequestError {
  return new InvalidRequestError(`Content part type "${type}" is not supported by Cohere here; use ${accepted}.`, {
    param: `${where}.type`,
    code: 'unsupported_content',
  });
}
