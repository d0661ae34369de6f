import { InvalidRequestError } from '../../common/errors/gateway-error.js';
import type { HubDocumentPart, HubImagePart, HubMessage, HubPart, HubTextPart } from '../../hub/hub-request.js';
import { serverToolCallText, serverToolResultText } from '../http/server-tool-text.js';
import { openReasoning } from './openai-responses.reasoning-envelope.js';
import type { ResponsesItem } from './openai-responses.types.js';

const DATA_URL = /^data:([^;,]+)((?:;[^;,]+)*);base64,(.*)$/s;

type Json = Record<string, unknown>;

/**
 * Responses input items as hub messages, in order. User, system and developer messages keep their
 * role (developer as system); assistant messages, `function_call` items and `reasoning` items join
 * the assistant turn they belong to (consecutive ones share one message, as providers require);
 * each `function_call_output` is a tool message. Reasoning keeps the provider's proof from its
 * `encrypted_content` when the gateway sealed it; an `mcp_call` item (a tool the gateway ran) is
 * assistant text, marked as the chat dialects show it. An item of a kind that cannot be translated is
 * refused with a 400 naming it (`input[3].type`), never dropped.
 */
export function toHubMessages(items: readonly ResponsesItem[], base = 'input'): HubMessage[] {
  const messages: HubMessage[] = [];
  const assistant = (where: string): HubMessage => {
    const last = messages.at(-1);
    if (last?.role === 'assistant') return last;
    const message: HubMessage = { role: 'assistant', parts: [], path: where };
    messages.push(message);
    return message;
  };
  items.forEach((item, index) => {
    const where = `${base}[${index}]`;
    if (!item || typeof item !== 'object' || Array.isArray(item)) throw new InvalidRequestError('An input item must be an object.', { param: where });
    const type = item.type ?? (item.role !== undefined ? 'message' : undefined);
    switch (type) {
      case 'message':
        if (item.role === 'assistant') assistant(where).parts.push(...toParts(item.content, where, true));
        else messages.push(toMessage(item, where));
        return;
      case 'function_call':
        assistant(where).parts.push(toToolCall(item, where));
        return;
      case 'function_call_output':
        messages.push({ role: 'tool', parts: [toToolResult(item, where)], path: where });
        return;
      case 'reasoning': {
        const part = toReasoning(item, where);
        if (part) assistant(where).parts.push(part);
        return;
      }
      case 'mcp_call':
        assistant(where).parts.push(toServerToolText(item, where));
        return;
      case 'item_reference':
        throw new InvalidRequestError(`Item "${String(item.id)}" was not found among the responses this gateway stored.`, {
          param: where,
          code: 'item_not_found',
        });
      default:
        throw new InvalidRequestError(
          `Input items of type ${JSON.stringify(type) ?? 'none'} cannot be translated for this provider; send messages, function_call, function_call_output and reasoning items.`,
          { param: `${where}.type`, code: 'unsupported_item' },
        );
    }
  });
  return messages;
}

function toMessage(item: ResponsesItem, where: string): HubMessage {
  const stringContent = typeof item.content === 'string' ? { stringContent: true } : {};
  switch (item.role) {
    case 'user':
      return { role: 'user', parts: toParts(item.content, where, false), path: where, ...stringContent };
    case 'system':
    case 'developer':
      return { role: 'system', parts: toParts(item.content, where, false), path: where, ...stringContent };
    default:
      throw new InvalidRequestError(`A message's role must be user, assistant, system or developer, not "${String(item.role)}".`, {
        param: `${where}.role`,
        code: 'invalid_role',
      });
  }
}

function toParts(content: unknown, where: string, assistant: boolean): HubPart[] {
  if (typeof content === 'string') return [{ type: 'text', text: content, path: `${where}.content` }];
  if (!Array.isArray(content)) throw new InvalidRequestError('A message needs content: a string or an array of parts.', { param: `${where}.content` });
  return content.map((part: unknown, index) => toPart(part as Json | null, `${where}.content[${index}]`, assistant));
}

function toPart(part: Json | null, path: string, assistant: boolean): HubPart {
  if (!part || typeof part !== 'object') throw new InvalidRequestError('A content part must be an object.', { param: path });
  switch (part.type) {
    case 'input_text':
    case 'output_text':
      if (typeof part.text !== 'string') throw new InvalidRequestError('A text part needs a text string.', { param: `${path}.text` });
      return { type: 'text', text: part.text, path };
    case 'refusal':
      if (assistant && typeof part.refusal === 'string') return { type: 'text', text: part.refusal, path };
      break;
    case 'input_image':
      if (!assistant) return toImage(part, path);
      break;
    case 'input_file':
      if (!assistant) return toDocument(part, path);
      break;
  }
  throw new InvalidRequestError(`Content parts of type "${String(part.type)}" cannot be translated here.`, {
    param: `${path}.type`,
    code: 'unsupported_content',
  });
}

function toImage(part: Json, path: string): HubImagePart {
  const detail = typeof part.detail === 'string' && part.detail !== 'auto' ? { detail: part.detail } : {};
  if (typeof part.file_id === 'string' && part.image_url === undefined) {
    return { type: 'image', source: { kind: 'file', fileId: part.file_id }, path, sourcePath: `${path}.file_id`, ...detail };
  }
  const url = part.image_url;
  const sourcePath = `${path}.image_url`;
  if (typeof url !== 'string') throw new InvalidRequestError('An input_image part needs an image_url or a file_id.', { param: sourcePath });
  const data = DATA_URL.exec(url);
  if (data) return { type: 'image', source: { kind: 'base64', mediaType: data[1], data: data[3] }, path, sourcePath, ...detail };
  if (/^https?:\/\//i.test(url)) return { type: 'image', source: { kind: 'url', url }, path, sourcePath, ...detail };
  throw new InvalidRequestError('An image must be a base64 data URL or an http(s) URL.', { param: sourcePath, code: 'invalid_image_url' });
}

function toDocument(part: Json, path: string): HubDocumentPart {
  const title = typeof part.filename === 'string' && part.filename ? { title: part.filename } : {};
  if (typeof part.file_data === 'string') {
    const data = DATA_URL.exec(part.file_data);
    const source = data
      ? { kind: 'base64' as const, mediaType: data[1], data: data[3] }
      : { kind: 'base64' as const, mediaType: 'application/pdf', data: part.file_data };
    return { type: 'document', source, path, sourcePath: `${path}.file_data`, ...title };
  }
  if (typeof part.file_url === 'string')
    return { type: 'document', source: { kind: 'url', url: part.file_url }, path, sourcePath: `${path}.file_url`, ...title };
  if (typeof part.file_id === 'string')
    return { type: 'document', source: { kind: 'file', fileId: part.file_id }, path, sourcePath: `${path}.file_id`, ...title };
  throw new InvalidRequestError('An input_file part needs file_data, file_url or file_id.', { param: path });
}

function toToolCall(item: ResponsesItem, where: string): HubPart {
  if (typeof item.call_id !== 'string' || !item.call_id) throw new InvalidRequestError('A function_call item needs a call_id.', { param: `${where}.call_id` });
  if (typeof item.name !== 'string' || !item.name) throw new InvalidRequestError('A function_call item needs a name.', { param: `${where}.name` });
  const args = typeof item.arguments === 'string' ? item.arguments : item.arguments === undefined ? '' : JSON.stringify(item.arguments);
  return { type: 'tool-call', id: item.call_id, name: item.name, arguments: args, path: where, argumentsPath: `${where}.arguments` };
}

function toToolResult(item: ResponsesItem, where: string): HubPart {
  if (typeof item.call_id !== 'string' || !item.call_id) {
    throw new InvalidRequestError('A function_call_output item needs a call_id.', { param: `${where}.call_id` });
  }
  const output = item.output;
  let content: Array<HubTextPart | HubImagePart>;
  if (typeof output === 'string') content = [{ type: 'text', text: output, path: `${where}.output` }];
  else if (Array.isArray(output)) {
    content = output.map((part: unknown, index) => {
      const path = `${where}.output[${index}]`;
      const converted = toPart(part as Json | null, path, false);
      if (converted.type === 'text' || converted.type === 'image') return converted;
      throw new InvalidRequestError('A function_call_output can hold text and images only.', { param: `${path}.type`, code: 'unsupported_content' });
    });
  } else throw new InvalidRequestError('A function_call_output needs an output: a string or an array of parts.', { param: `${where}.output` });
  return { type: 'tool-result', callId: item.call_id, content, path: where };
}

/** A tool the gateway ran, as the text the chat dialects show for it (the model sees what it called and what it got). */
function toServerToolText(item: ResponsesItem, where: string): HubTextPart {
  const text = (value: unknown) => (typeof value === 'string' ? value : '');
  const error = item.error as { content?: Array<{ text?: unknown }>; message?: unknown } | null | undefined;
  const errorText = error ? (error.content?.map((part) => text(part.text)).join('') ?? text(error.message)) : undefined;
  const call = serverToolCallText({ name: text(item.name), server: text(item.server_label), arguments: text(item.arguments) });
  const result = serverToolResultText(errorText !== undefined ? { output: errorText, isError: true } : { output: text(item.output), isError: false });
  return { type: 'text', text: call + result, path: where };
}

/** The reasoning's text (its raw content, else its summary) and the proof the gateway sealed, if any. */
function toReasoning(item: ResponsesItem, where: string): HubPart | undefined {
  const texts = (value: unknown, type: string) =>
    Array.isArray(value) ? (value as Json[]).filter((part) => part?.type === type && typeof part.text === 'string').map((part) => part.text as string) : [];
  const content = texts(item.content, 'reasoning_text');
  const text = (content.length > 0 ? content : texts(item.summary, 'summary_text')).join('\n\n');
  const proof = openReasoning(item.encrypted_content);
  if (!text && !proof) return undefined;
  return { type: 'reasoning', text, path: where, ...proof };
}
