import { InvalidRequestError } from '../../common/errors/gateway-error.js';
import type { ChatCompletionContentPart } from '../../common/openai/chat-completion.types.js';
import type { AnthropicDocumentBlock, AnthropicImageBlock, AnthropicTextBlock, AnthropicUserBlock } from './anthropic.types.js';

const DATA_URL = /^data:([^;,]+)((?:;[^;,]+)*);base64,(.*)$/s;
const IMAGE_MEDIA_TYPES = new Set(['image/jpeg', 'image/png', 'image/gif', 'image/webp']);

/** Anthropic rejects text blocks that are empty or only whitespace; such text is dropped. */
export function hasText(text: string | null | undefined): text is string {
  return typeof text === 'string' && text.trim().length > 0;
}

export function toTextBlocks(text: string | null | undefined): AnthropicTextBlock[] {
  return hasText(text) ? [{ type: 'text', text }] : [];
}

/** The text of string content or of `text` (and `refusal`) parts; other parts are refused. */
export function toPlainText(content: unknown, where: string, accepted = 'text'): string {
  if (content === null || content === undefined) return '';
  if (typeof content === 'string') return content;
  const texts: string[] = [];
  for (const [index, part] of (content as ChatCompletionContentPart[]).entries()) {
    if (part.type === 'text' && typeof part.text === 'string') texts.push(part.text);
    else if (part.type === 'refusal' && typeof part.refusal === 'string') texts.push(part.refusal);
    else throw unsupportedPart(part.type, `${where}.content[${index}]`, accepted);
  }
  return texts.filter(hasText).join('\n');
}

/** User content: text, images (data URLs or http(s) URLs) and PDF or plain-text files. */
export function toUserBlocks(content: unknown, where: string): AnthropicUserBlock[] {
  if (content === null || content === undefined) return [];
  if (typeof content === 'string') return toTextBlocks(content);
  const blocks: AnthropicUserBlock[] = [];
  for (const [index, part] of (content as ChatCompletionContentPart[]).entries()) {
    const at = `${where}.content[${index}]`;
    switch (part.type) {
      case 'text':
        blocks.push(...toTextBlocks(part.text as string));
        break;
      case 'image_url':
        blocks.push(toImageBlock((part.image_url as { url?: unknown } | undefined)?.url, at));
        break;
      case 'file':
        blocks.push(toDocumentBlock(part.file as FilePart | undefined, at));
        break;
      default:
        throw unsupportedPart(part.type, at, 'text, image_url and file');
    }
  }
  return blocks;
}

function toImageBlock(url: unknown, where: string): AnthropicImageBlock {
  if (typeof url !== 'string') throw new InvalidRequestError('An image_url part needs an image_url.url string.', { param: `${where}.image_url.url` });
  const data = DATA_URL.exec(url);
  if (data) {
    const mediaType = data[1].toLowerCase() === 'image/jpg' ? 'image/jpeg' : data[1].toLowerCase();
    if (!IMAGE_MEDIA_TYPES.has(mediaType)) {
      throw new InvalidRequestError(`Anthropic accepts JPEG, PNG, GIF and WebP images, not ${data[1]}.`, {
        param: `${where}.image_url.url`,
        code: 'unsupported_image_type',
      });
    }
    return { type: 'image', source: { type: 'base64', media_type: mediaType, data: data[3] } };
  }
  if (/^https?:\/\//i.test(url)) return { type: 'image', source: { type: 'url', url } };
  throw new InvalidRequestError('An image must be a base64 data URL or an http(s) URL.', { param: `${where}.image_url.url`, code: 'invalid_image_url' });
}

interface FilePart {
  file_data?: unknown;
  file_id?: unknown;
  filename?: unknown;
}

/** OpenAI `file` parts: `file_data` as a data URL (or bare base64 of a PDF); `file_id` has no equivalent. */
function toDocumentBlock(file: FilePart | undefined, where: string): AnthropicDocumentBlock {
  if (typeof file?.file_data !== 'string') {
    throw new InvalidRequestError('Anthropic needs files inline as file.file_data; uploaded file ids cannot be used.', {
      param: `${where}.file`,
      code: 'unsupported_file',
    });
  }
  const data = DATA_URL.exec(file.file_data);
  const mediaType = data ? data[1].toLowerCase() : 'application/pdf';
  const payload = data ? data[3] : file.file_data;
  const title = typeof file.filename === 'string' && file.filename ? { title: file.filename } : {};
  if (mediaType === 'application/pdf') return { type: 'document', source: { type: 'base64', media_type: 'application/pdf', data: payload }, ...title };
  if (mediaType === 'text/plain') {
    return { type: 'document', source: { type: 'text', media_type: 'text/plain', data: Buffer.from(payload, 'base64').toString('utf8') }, ...title };
  }
  throw new InvalidRequestError(`Anthropic accepts PDF and plain-text files, not ${mediaType}.`, { param: `${where}.file.file_data`, code: 'unsupported_file' });
}

function unsupportedPart(type: string, where: string, accepted: string): InvalidRequestError {
  return new InvalidRequestError(`Content part type "${type}" is not supported by Anthropic here; use ${accepted}.`, {
    param: `${where}.type`,
    code: 'unsupported_content',
  });
}
