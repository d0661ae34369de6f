import { InvalidRequestError } from '../../common/errors/gateway-error.js';
import type { HubMessage, HubPart, HubToolCallPart } from '../../hub/hub-request.js';
import type { CohereImageContent, CohereMessage, CohereTextContent, CohereToolCall } from './cohere.types.js';

const DETAILS = ['auto', 'low', 'high'] as const;

const hasText = (text: unknown): text is string => typeof text === 'string' && text.trim().length > 0;

/**
 * Hub messages to Cohere v2 messages: system messages joined into one leading system message
 * (Cohere wants it first); assistant tool calls kept (arguments as JSON text) with any
 * accompanying text as the `tool_plan`; each tool result a `tool` message; empty text dropped,
 * and user and assistant messages left empty with it. Reasoning is not sent back.
 */
export function convertToCohereMessages(messages: readonly HubMessage[]): CohereMessage[] {
  const system: string[] = [];
  const converted: CohereMessage[] = [];
  for (const message of messages) {
    switch (message.role) {
      case 'system': {
        const text = toPlainText(message.parts);
        if (hasText(text)) system.push(text);
        break;
      }
      case 'user': {
        const content = toUserContent(message);
        if (content) converted.push({ role: 'user', content });
        break;
      }
      case 'assistant': {
        const assistant = toAssistantMessage(message.parts);
        if (assistant) converted.push(assistant);
        break;
      }
      case 'tool':
        for (const part of message.parts) {
          if (part.type !== 'tool-result') throw unsupportedPart(part, 'tool results');
          const text = part.content
            .map((item) => (item.type === 'text' ? item.text : ''))
            .filter(hasText)
            .join('\n');
          converted.push({ role: 'tool', tool_call_id: part.callId, content: text });
        }
        break;
    }
  }
  if (converted.length === 0) {
    throw new InvalidRequestError('The conversation has no user, assistant or tool message with content.', { param: 'messages', code: 'empty_conversation' });
  }
  return system.length > 0 ? [{ role: 'system', content: system.join('\n\n') }, ...converted] : converted;
}

function toPlainText(parts: readonly HubPart[]): string {
  return parts
    .map((part) => {
      if (part.type === 'text') return part.text;
      throw unsupportedPart(part, 'text');
    })
    .filter(hasText)
    .join('\n');
}

function toUserContent({ parts, stringContent }: HubMessage): string | Array<CohereTextContent | CohereImageContent> | undefined {
  if (stringContent) {
    const text = toPlainText(parts);
    return hasText(text) ? text : undefined;
  }
  const content: Array<CohereTextContent | CohereImageContent> = [];
  for (const part of parts) {
    if (part.type === 'text') {
      if (hasText(part.text)) content.push({ type: 'text', text: part.text });
    } else if (part.type === 'image') {
      const url =
        part.source.kind === 'base64' ? `data:${part.source.mediaType};base64,${part.source.data}` : part.source.kind === 'url' ? part.source.url : undefined;
      if (!url || (part.source.kind === 'url' && !/^https?:\/\//i.test(url))) {
        throw new InvalidRequestError('An image must be a base64 data URL or an http(s) URL.', {
          param: part.sourcePath ?? part.path,
          code: 'invalid_image_url',
        });
      }
      const detail = DETAILS.find((level) => level === part.detail);
      content.push({ type: 'image_url', image_url: { url, ...(detail ? { detail } : {}) } });
    } else {
      throw unsupportedPart(part, 'text and image_url');
    }
  }
  return content.length > 0 ? content : undefined;
}

function toAssistantMessage(parts: readonly HubPart[]): CohereMessage | undefined {
  const texts: string[] = [];
  const calls: HubToolCallPart[] = [];
  for (const part of parts) {
    if (part.type === 'text') texts.push(part.text);
    else if (part.type === 'tool-call') calls.push(part);
    else if (part.type !== 'reasoning') throw unsupportedPart(part, 'text');
  }
  const text = texts.filter(hasText).join('\n');
  if (calls.length === 0) return hasText(text) ? { role: 'assistant', content: text } : undefined;
  return { role: 'assistant', ...(hasText(text) ? { tool_plan: text } : {}), tool_calls: calls.map(toToolCall) };
}

function toToolCall(call: HubToolCallPart): CohereToolCall {
  if (!call.id)
    throw new InvalidRequestError('Only function tool calls with an id and a name can be sent to Cohere.', { param: call.path, code: 'unsupported_tool_call' });
  return { id: call.id, type: 'function', function: { name: call.name, arguments: call.arguments.trim() ? call.arguments : '{}' } };
}

function unsupportedPart(part: HubPart, accepted: string): InvalidRequestError {
  const type = part.type === 'opaque' ? part.kind : part.type;
  return new InvalidRequestError(`Content part type "${type}" is not supported by Cohere here; use ${accepted}.`, {
    param: part.path ? `${part.path}.type` : null,
    code: 'unsupported_content',
  });
}
