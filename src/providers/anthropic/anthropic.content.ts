import { InvalidRequestError } from '../../common/errors/gateway-error.js';
import type { HubCacheControl, HubDocumentPart, HubImagePart, HubPart } from '../../hub/hub-request.js';
import type { AnthropicDocumentBlock, AnthropicImageBlock, AnthropicTextBlock, AnthropicUserBlock } from './anthropic.types.js';

const IMAGE_MEDIA_TYPES = new Set(['image/jpeg', 'image/png', 'image/gif', 'image/webp']);

/** Anthropic rejects text blocks that are empty or only whitespace; such text is dropped. */
export function hasText(text: string | null | undefined): text is string {
  return typeof text === 'string' && text.trim().length > 0;
}

export function withCache<T extends object>(block: T, cacheControl: HubCacheControl | undefined): T {
  return cacheControl ? { ...block, cache_control: cacheControl } : block;
}

export function textBlock(text: string, cacheControl?: HubCacheControl): AnthropicTextBlock {
  return withCache({ type: 'text', text }, cacheControl);
}

/** The text of text parts, joined by newlines; any other part is refused. */
export function toPlainText(parts: readonly HubPart[], accepted = 'text'): string {
  const texts: string[] = [];
  for (const part of parts) {
    if (part.type !== 'text') throw unsupportedPart(part, accepted);
    texts.push(part.text);
  }
  return texts.filter(hasText).join('\n');
}

/** User content: text, images (base64 or URLs) and PDF or plain-text documents. */
export function toUserBlocks(parts: readonly HubPart[]): AnthropicUserBlock[] {
  const blocks: AnthropicUserBlock[] = [];
  for (const part of parts) {
    switch (part.type) {
      case 'text':
        if (hasText(part.text)) blocks.push(textBlock(part.text, part.cacheControl));
        break;
      case 'image':
        blocks.push(toImageBlock(part));
        break;
      case 'document':
        blocks.push(toDocumentBlock(part));
        break;
      default:
        throw unsupportedPart(part, 'text, image_url and file');
    }
  }
  return blocks;
}

export function toImageBlock(part: HubImagePart): AnthropicImageBlock {
  const source = part.source;
  if (source.kind === 'base64') {
    const mediaType = source.mediaType.toLowerCase() === 'image/jpg' ? 'image/jpeg' : source.mediaType.toLowerCase();
    if (!IMAGE_MEDIA_TYPES.has(mediaType)) {
      throw new InvalidRequestError(`Anthropic accepts JPEG, PNG, GIF and WebP images, not ${source.mediaType}.`, {
        param: part.sourcePath ?? part.path,
        code: 'unsupported_image_type',
      });
    }
    return withCache({ type: 'image', source: { type: 'base64', media_type: mediaType, data: source.data } }, part.cacheControl);
  }
  if (source.kind === 'url') return withCache({ type: 'image', source: { type: 'url', url: source.url } }, part.cacheControl);
  throw new InvalidRequestError('Anthropic needs images inline or by URL; uploaded file ids cannot be used.', {
    param: part.sourcePath ?? part.path,
    code: 'unsupported_image',
  });
}

/** PDFs as base64 or URL, plain text as text; uploaded file ids have no equivalent. */
function toDocumentBlock(part: HubDocumentPart): AnthropicDocumentBlock {
  const source = part.source;
  const title = part.title ? { title: part.title } : {};
  if (source.kind === 'text')
    return withCache({ type: 'document', source: { type: 'text', media_type: 'text/plain', data: source.text }, ...title }, part.cacheControl);
  if (source.kind === 'url') return withCache({ type: 'document', source: { type: 'url', url: source.url }, ...title }, part.cacheControl);
  if (source.kind === 'file') {
    throw new InvalidRequestError('Anthropic needs files inline as file.file_data; uploaded file ids cannot be used.', {
      param: part.sourcePath ?? part.path,
      code: 'unsupported_file',
    });
  }
  const mediaType = source.mediaType.toLowerCase();
  if (mediaType === 'application/pdf') {
    return withCache({ type: 'document', source: { type: 'base64', media_type: 'application/pdf', data: source.data }, ...title }, part.cacheControl);
  }
  if (mediaType === 'text/plain') {
    const text = Buffer.from(source.data, 'base64').toString('utf8');
    return withCache({ type: 'document', source: { type: 'text', media_type: 'text/plain', data: text }, ...title }, part.cacheControl);
  }
  throw new InvalidRequestError(`Anthropic accepts PDF and plain-text files, not ${source.mediaType}.`, {
    param: part.sourcePath ?? part.path,
    code: 'unsupported_file',
  });
}

export function unsupportedPart(part: HubPart, accepted: string): InvalidRequestError {
  const type = part.type === 'opaque' ? part.kind : part.type;
  return new InvalidRequestError(`Content part type "${type}" is not supported by Anthropic here; use ${accepted}.`, {
    param: part.path ? `${part.path}.type` : null,
    code: 'unsupported_content',
  });
}
