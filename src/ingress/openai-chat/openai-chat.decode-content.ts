import { InvalidRequestError } from '../../common/errors/gateway-error.js';
import type { ChatCompletionContentPart } from '../../common/openai/chat-completion.types.js';
import type { HubCacheControl, HubDocumentPart, HubImagePart, HubPart } from '../../hub/hub-request.js';
import { OPENAI_CHAT } from '../../hub/hub-dialect.js';

const DATA_URL = /^data:([^;,]+)((?:;[^;,]+)*);base64,(.*)$/s;

/** `cache_control` as LiteLLM's clients send it on content parts, messages and tools. */
export function cacheControlOf(value: unknown): HubCacheControl | undefined {
  const cache = (value as { cache_control?: unknown } | null)?.cache_control;
  return cache && typeof cache === 'object' && typeof (cache as { type?: unknown }).type === 'string' ? (cache as HubCacheControl) : undefined;
}

/**
 * A message's content (a string, or an array of parts) as hub parts. `refusal` parts count as text
 * where OpenAI allows them (assistant turns); parts of kinds the hub does not know (`input_audio`,
 * ...) stay opaque, for OpenAI-format providers only.
 */
export function toHubParts(content: unknown, where: string, refusalIsText: boolean): HubPart[] {
  if (content === null || content === undefined) return [];
  if (typeof content === 'string') return [{ type: 'text', text: content, path: `${where}.content` }];
  return (content as ChatCompletionContentPart[]).map((part, index) => toHubPart(part, `${where}.content[${index}]`, refusalIsText));
}

function toHubPart(part: ChatCompletionContentPart, path: string, refusalIsText: boolean): HubPart {
  const cacheControl = cacheControlOf(part);
  const cache = cacheControl ? { cacheControl } : {};
  switch (part.type) {
    case 'text':
      if (typeof part.text !== 'string') throw new InvalidRequestError('A text part needs a text string.', { param: `${path}.text` });
      return { type: 'text', text: part.text, path, ...cache };
    case 'refusal':
      if (refusalIsText && typeof part.refusal === 'string') return { type: 'text', text: part.refusal, path, ...cache };
      break;
    case 'image_url':
      return toImagePart((part.image_url as { url?: unknown; detail?: unknown } | undefined) ?? {}, path, cache);
    case 'file':
      return toDocumentPart((part.file as FilePart | undefined) ?? {}, path, cache);
  }
  return { type: 'opaque', dialect: OPENAI_CHAT, kind: part.type, value: part, path };
}

function toImagePart(image: { url?: unknown; detail?: unknown }, path: string, cache: { cacheControl?: HubCacheControl }): HubImagePart {
  if (typeof image.url !== 'string') throw new InvalidRequestError('An image_url part needs an image_url.url string.', { param: `${path}.image_url.url` });
  const detail = typeof image.detail === 'string' ? { detail: image.detail } : {};
  const data = DATA_URL.exec(image.url);
  const sourcePath = `${path}.image_url.url`;
  if (data) return { type: 'image', source: { kind: 'base64', mediaType: data[1], data: data[3] }, path, sourcePath, ...detail, ...cache };
  if (/^https?:\/\//i.test(image.url)) return { type: 'image', source: { kind: 'url', url: image.url }, path, sourcePath, ...detail, ...cache };
  throw new InvalidRequestError('An image must be a base64 data URL or an http(s) URL.', { param: `${path}.image_url.url`, code: 'invalid_image_url' });
}

interface FilePart {
  file_data?: unknown;
  file_id?: unknown;
  filename?: unknown;
}

/** `file_data` as a data URL (or bare base64 of a PDF), or an uploaded `file_id`. */
function toDocumentPart(file: FilePart, path: string, cache: { cacheControl?: HubCacheControl }): HubDocumentPart {
  const title = typeof file.filename === 'string' && file.filename ? { title: file.filename } : {};
  if (typeof file.file_data === 'string') {
    const data = DATA_URL.exec(file.file_data);
    const source = data
      ? { kind: 'base64' as const, mediaType: data[1], data: data[3] }
      : { kind: 'base64' as const, mediaType: 'application/pdf', data: file.file_data };
    return { type: 'document', source, path, sourcePath: `${path}.file.file_data`, ...title, ...cache };
  }
  if (typeof file.file_id === 'string')
    return { type: 'document', source: { kind: 'file', fileId: file.file_id }, path, sourcePath: `${path}.file`, ...title, ...cache };
  throw new InvalidRequestError('A file part needs file.file_data or file.file_id.', { param: `${path}.file` });
}
