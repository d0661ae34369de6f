import { InvalidRequestError } from '../../common/errors/gateway-error.js';
import type {
  HubCacheControl,
  HubDocumentPart,
  HubImagePart,
  HubMediaSource,
  HubPart,
  HubReasoningPart,
  HubTextPart,
  HubToolCallPart,
  HubToolResultPart,
} from '../../hub/hub-request.js';
import type { MessagesContentBlock } from './anthropic-messages.types.js';

type Json = Record<string, unknown>;

/** `cache_control` as Anthropic clients put it on blocks and tools: kept as sent. */
export function cacheOf(value: unknown): { cacheControl?: HubCacheControl } {
  const cache = (value as { cache_control?: unknown } | null)?.cache_control;
  return cache && typeof cache === 'object' && typeof (cache as { type?: unknown }).type === 'string' ? { cacheControl: cache as HubCacheControl } : {};
}

export function untranslatable(what: string, param: string, code = 'unsupported_content'): InvalidRequestError {
  return new InvalidRequestError(`${what} cannot be translated for this provider; only Anthropic takes it.`, { param, code });
}

/** A string content, or text blocks only (`system`, `document` content, tool results): the text parts. */
export function toTextParts(content: string | MessagesContentBlock[], where: string): HubTextPart[] {
  if (typeof content === 'string') return [{ type: 'text', text: content, path: where }];
  return content.map((block, index) => {
    const path = `${where}[${index}]`;
    if (block.type !== 'text') throw untranslatable(`A "${block.type}" block here`, `${path}.type`);
    return toTextPart(block, path);
  });
}

function toTextPart(block: MessagesContentBlock, path: string): HubTextPart {
  if (typeof block.text !== 'string') throw new InvalidRequestError('A text block needs a text string.', { param: `${path}.text` });
  return { type: 'text', text: block.text, path, ...cacheOf(block) };
}

/** A user turn's blocks: text, images, documents and tool results; anything else is refused, naming it. */
export function toUserPart(block: MessagesContentBlock, path: string): HubPart {
  switch (block.type) {
    case 'text':
      return toTextPart(block, path);
    case 'image':
      return toImagePart(block, path);
    case 'document':
      return toDocumentPart(block, path);
    case 'tool_result':
      return toToolResultPart(block, path);
    default:
      throw untranslatable(`A "${block.type}" block in a user message`, `${path}.type`);
  }
}

/** An assistant turn's blocks: text, thinking (with its signature), redacted thinking and tool calls. */
export function toAssistantPart(block: MessagesContentBlock, path: string): HubPart {
  switch (block.type) {
    case 'text':
      return toTextPart(block, path);
    case 'thinking': {
      if (typeof block.thinking !== 'string') throw new InvalidRequestError('A thinking block needs a thinking string.', { param: `${path}.thinking` });
      const part: HubReasoningPart = { type: 'reasoning', text: block.thinking, path };
      if (typeof block.signature === 'string' && block.signature) part.signature = block.signature;
      return part;
    }
    case 'redacted_thinking':
      if (typeof block.data !== 'string') throw new InvalidRequestError('A redacted_thinking block needs a data string.', { param: `${path}.data` });
      return { type: 'reasoning', text: '', redactedData: block.data, path };
    case 'tool_use':
      return toToolCallPart(block, path);
    default:
      throw untranslatable(`A "${block.type}" block in an assistant message`, `${path}.type`);
  }
}

function toToolCallPart(block: MessagesContentBlock, path: string): HubToolCallPart {
  if (typeof block.id !== 'string' || !block.id) throw new InvalidRequestError('A tool_use block needs an id.', { param: `${path}.id` });
  if (typeof block.name !== 'string' || !block.name) throw new InvalidRequestError('A tool_use block needs a name.', { param: `${path}.name` });
  const input = block.input ?? {};
  if (typeof input !== 'object' || Array.isArray(input)) throw new InvalidRequestError('tool_use input must be an object.', { param: `${path}.input` });
  return { type: 'tool-call', id: block.id, name: block.name, arguments: JSON.stringify(input), path, argumentsPath: `${path}.input`, ...cacheOf(block) };
}

function toToolResultPart(block: MessagesContentBlock, path: string): HubToolResultPart {
  if (typeof block.tool_use_id !== 'string' || !block.tool_use_id) {
    throw new InvalidRequestError('A tool_result block needs a tool_use_id.', { param: `${path}.tool_use_id` });
  }
  const content = block.content;
  let parts: Array<HubTextPart | HubImagePart> = [];
  if (typeof content === 'string') parts = [{ type: 'text', text: content, path: `${path}.content` }];
  else if (Array.isArray(content)) {
    parts = (content as MessagesContentBlock[]).map((item, index) => {
      const where = `${path}.content[${index}]`;
      if (item.type === 'text') return toTextPart(item, where);
      if (item.type === 'image') return toImagePart(item, where);
      throw untranslatable(`A "${item.type}" block in a tool result`, `${where}.type`);
    });
  } else if (content !== undefined && content !== null) {
    throw new InvalidRequestError('tool_result content must be a string or an array of blocks.', { param: `${path}.content` });
  }
  return { type: 'tool-result', callId: block.tool_use_id, content: parts, path, ...(block.is_error === true ? { isError: true } : {}), ...cacheOf(block) };
}

function toImagePart(block: MessagesContentBlock, path: string): HubImagePart {
  const source = toMediaSource(block.source, `${path}.source`);
  return { type: 'image', source, path, sourcePath: `${path}.source`, ...cacheOf(block) };
}

function toDocumentPart(block: MessagesContentBlock, path: string): HubDocumentPart {
  const title = typeof block.title === 'string' && block.title ? { title: block.title } : {};
  const source = block.source as Json | undefined;
  const sourcePath = `${path}.source`;
  let converted: HubDocumentPart['source'];
  if (source?.type === 'text' && typeof source.data === 'string') converted = { kind: 'text', text: source.data };
  else if (source?.type === 'content' && (typeof source.content === 'string' || Array.isArray(source.content))) {
    const text = toTextParts(source.content as string | MessagesContentBlock[], `${sourcePath}.content`)
      .map((part) => part.text)
      .join('\n');
    converted = { kind: 'text', text };
  } else converted = toMediaSource(source, sourcePath);
  return { type: 'document', source: converted, path, sourcePath, ...title, ...cacheOf(block) };
}

function toMediaSource(value: unknown, path: string): HubMediaSource {
  const source = value as Json | undefined;
  if (source?.type === 'base64' && typeof source.media_type === 'string' && typeof source.data === 'string') {
    return { kind: 'base64', mediaType: source.media_type, data: source.data };
  }
  if (source?.type === 'url' && typeof source.url === 'string') return { kind: 'url', url: source.url };
  if (source?.type === 'file' && typeof source.file_id === 'string') return { kind: 'file', fileId: source.file_id };
  throw new InvalidRequestError('source must be base64 (media_type, data), url or file (file_id).', { param: path, code: 'invalid_source' });
}
