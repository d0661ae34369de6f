import { InvalidRequestError } from '../../common/errors/gateway-error.js';
import type { ChatCompletionContentPart, ChatCompletionMessage, ChatCompletionTool } from '../../common/openai/chat-completion.types.js';
import type { HubMessage, HubPart, HubRequest } from '../../hub/hub-request.js';
import { OPENAI_CHAT } from '../../hub/hub-dialect.js';

/** The dialect whose opaque parts can be sent as they are. */

type Body = Record<string, unknown>;

/**
 * A hub request as an OpenAI Chat Completions body (before the preset's quirks): system, user,
 * assistant and tool messages, function tools, the sampling parameters OpenAI has, JSON answers
 * as `response_format`, reasoning as `reasoning_effort`. Reasoning from earlier turns and cache
 * breakpoints have no place in it and are left out; `top_k` too. Options under
 * `providerOptions.openai` are added as they are.
 */
export function toOpenAiChatRequest(request: HubRequest, model: string): Body {
  const body: Body = { model, messages: request.messages.flatMap(toOpenAiMessages) };
  if (request.stream) body.stream = true;
  if (request.tools && request.tools.length > 0) {
    body.tools = request.tools.map((tool): ChatCompletionTool => ({
      type: 'function',
      function: {
        name: tool.name,
        ...(tool.description ? { description: tool.description } : {}),
        ...(tool.parameters ? { parameters: tool.parameters } : {}),
        ...(typeof tool.strict === 'boolean' ? { strict: tool.strict } : {}),
      },
    }));
  }
  if (request.toolChoice)
    body.tool_choice = request.toolChoice.type === 'tool' ? { type: 'function', function: { name: request.toolChoice.name } } : request.toolChoice.type;
  if (request.parallelToolCalls !== undefined) body.parallel_tool_calls = request.parallelToolCalls;
  if (request.maxTokens !== undefined) body.max_completion_tokens = request.maxTokens;
  const scalars: Array<[string, unknown]> = [
    ['temperature', request.temperature],
    ['top_p', request.topP],
    ['seed', request.seed],
    ['presence_penalty', request.presencePenalty],
    ['frequency_penalty', request.frequencyPenalty],
    ['n', request.choices],
    ['logprobs', request.logprobs],
    ['user', request.user],
  ];
  for (const [name, value] of scalars) if (value !== undefined) body[name] = value;
  if (request.stop && request.stop.length > 0) body.stop = request.stop;
  const format = request.responseFormat;
  if (format?.type === 'json') body.response_format = { type: 'json_object' };
  else if (format?.type === 'json-schema') {
    body.response_format = {
      type: 'json_schema',
      json_schema: {
        name: format.name ?? 'response',
        schema: format.schema,
        ...(format.description ? { description: format.description } : {}),
        ...(format.strict !== undefined ? { strict: format.strict } : {}),
      },
    };
  }
  const effort = request.reasoning?.effort ?? effortForBudget(request.reasoning?.budgetTokens);
  if (effort) body.reasoning_effort = effort;
  Object.assign(body, request.providerOptions.openai);
  return body;
}

function effortForBudget(budget: number | undefined): string | undefined {
  if (budget === undefined) return undefined;
  if (budget < 4096) return 'low';
  return budget < 16384 ? 'medium' : 'high';
}

function toOpenAiMessages(message: HubMessage): ChatCompletionMessage[] {
  const name = message.name ? { name: message.name } : {};
  switch (message.role) {
    case 'system':
      return [{ role: 'system', content: toContent(message, 'text'), ...name }];
    case 'user':
      return [{ role: 'user', content: toContent(message, 'user'), ...name }];
    case 'assistant':
      return [toAssistantMessage(message)];
    case 'tool':
      return toToolMessages(message);
  }
}

function toContent(message: HubMessage, accepted: 'text' | 'user'): string | ChatCompletionContentPart[] {
  const parts = message.parts.map((part) => toContentPart(part, accepted));
  if (message.stringContent && parts.every((part) => part.type === 'text')) return parts.map((part) => (part as { text: string }).text).join('');
  return parts;
}

function toContentPart(part: HubPart, accepted: 'text' | 'user'): ChatCompletionContentPart {
  if (part.type === 'text') return { type: 'text', text: part.text };
  if (accepted === 'user') {
    if (part.type === 'image') {
      const source = part.source;
      if (source.kind === 'file') throw unsupported(part, 'an uploaded image id');
      const url = source.kind === 'base64' ? `data:${source.mediaType};base64,${source.data}` : source.url;
      return { type: 'image_url', image_url: { url, ...(part.detail ? { detail: part.detail as 'auto' } : {}) } };
    }
    if (part.type === 'document') {
      const source = part.source;
      if (source.kind === 'text') return { type: 'text', text: source.text };
      if (source.kind === 'url') throw unsupported(part, 'a document by URL');
      const filename = part.title ? { filename: part.title } : {};
      return {
        type: 'file',
        file: source.kind === 'file' ? { file_id: source.fileId } : { file_data: `data:${source.mediaType};base64,${source.data}`, ...filename },
      };
    }
    if (part.type === 'opaque' && part.dialect === OPENAI_CHAT) return part.value as ChatCompletionContentPart;
  }
  throw unsupported(part, `a "${part.type === 'opaque' ? part.kind : part.type}" part here`);
}

function toAssistantMessage(message: HubMessage): ChatCompletionMessage {
  const texts: string[] = [];
  const toolCalls: NonNullable<ChatCompletionMessage['tool_calls']> = [];
  for (const part of message.parts) {
    if (part.type === 'text') texts.push(part.text);
    else if (part.type === 'tool-call') toolCalls.push({ id: part.id, type: 'function', function: { name: part.name, arguments: part.arguments } });
    else if (part.type !== 'reasoning') throw unsupported(part, `a "${part.type === 'opaque' ? part.kind : part.type}" part in an assistant message`);
  }
  return {
    role: 'assistant',
    content: texts.length > 0 ? texts.join('') : null,
    ...(toolCalls.length > 0 ? { tool_calls: toolCalls } : {}),
    ...(message.name ? { name: message.name } : {}),
  };
}

/** One `tool` message per result; images a result carries follow in a user message (tool messages take text only). */
function toToolMessages(message: HubMessage): ChatCompletionMessage[] {
  const messages: ChatCompletionMessage[] = [];
  const images: ChatCompletionContentPart[] = [];
  for (const part of message.parts) {
    if (part.type !== 'tool-result') throw unsupported(part, 'anything but tool results in a tool message');
    const text = part.content.map((item) => (item.type === 'text' ? item.text : '')).join('');
    messages.push({ role: 'tool', tool_call_id: part.callId, content: part.isError ? `Error: ${text}` : text });
    for (const item of part.content) if (item.type === 'image') images.push(toContentPart(item, 'user'));
  }
  if (images.length > 0) messages.push({ role: 'user', content: images });
  return messages;
}

function unsupported(part: HubPart, what: string): InvalidRequestError {
  return new InvalidRequestError(`OpenAI-format providers cannot take ${what}.`, { param: part.path ?? null, code: 'unsupported_content' });
}
