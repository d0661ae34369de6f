import type { CountTokensRequest, MessagesContentBlock } from './anthropic-messages.types.js';

/**
 * Tokens an image or a binary document counts for: Anthropic's figure for an image of about 1.15
 * megapixels, `(width × height) / 750`, the size images are scaled down to.
 */
export const TOKENS_PER_MEDIA_BLOCK = 1_600;
/** What each message, and the tool list, add for their framing (role markers and separators), as in OpenAI's chat format. */
const TOKENS_PER_MESSAGE = 4;

type Encoder = typeof import('gpt-tokenizer/encoding/o200k_base');
const text = (value: unknown): string => (typeof value === 'string' ? value : '');
let encoder: Promise<Encoder> | undefined;

/**
 * An estimate of a request's input tokens for a provider that has no counting endpoint: the text
 * of `system`, every message (text, thinking, tool calls with their input, tool results, text
 * documents) and the tools' names, descriptions and JSON schemas, counted with the o200k_base
 * tokenizer (gpt-tokenizer; the vocabulary of OpenAI's current models, within a few percent for
 * others), plus a few tokens of framing per message and `TOKENS_PER_MEDIA_BLOCK` per image or
 * binary document. The tokenizer is loaded on first use.
 */
export async function estimateInputTokens(request: CountTokensRequest): Promise<number> {
  encoder ??= import('gpt-tokenizer/encoding/o200k_base');
  const { countTokens } = await encoder;
  const count = (value: string) => (value ? countTokens(value, { disallowedSpecial: new Set() }) : 0);
  let total = 0;
  const texts: string[] = [];
  const collect = (content: string | MessagesContentBlock[] | undefined) => {
    if (typeof content === 'string') texts.push(content);
    else for (const block of content ?? []) total += collectBlock(block, texts);
  };
  collect(request.system);
  for (const message of request.messages) {
    total += TOKENS_PER_MESSAGE;
    texts.push(message.role);
    collect(message.content);
  }
  if (request.tools && request.tools.length > 0) {
    total += TOKENS_PER_MESSAGE;
    for (const tool of request.tools) texts.push(JSON.stringify({ name: tool.name, description: tool.description, input_schema: tool.input_schema }));
  }
  for (const value of texts) total += count(value);
  return total;
}

/** Collects a block's text; returns the tokens of what is not text (images, binary documents). */
function collectBlock(block: MessagesContentBlock, texts: string[]): number {
  switch (block.type) {
    case 'text':
      texts.push(text(block.text));
      return 0;
    case 'thinking':
      texts.push(text(block.thinking));
      return 0;
    case 'tool_use':
      texts.push(text(block.name), JSON.stringify(block.input ?? {}));
      return 0;
    case 'tool_result': {
      const content = block.content;
      if (typeof content === 'string') texts.push(content);
      else if (Array.isArray(content)) return (content as MessagesContentBlock[]).reduce((sum, item) => sum + collectBlock(item, texts), 0);
      return 0;
    }
    case 'document': {
      const source = block.source as { type?: unknown; data?: unknown } | undefined;
      if (source?.type === 'text' && typeof source.data === 'string') {
        texts.push(source.data);
        return 0;
      }
      return TOKENS_PER_MEDIA_BLOCK;
    }
    case 'image':
      return TOKENS_PER_MEDIA_BLOCK;
    default:
      // Blocks of other kinds (redacted thinking, server tool results): their JSON, as the nearest measure of their size.
      texts.push(JSON.stringify(block));
      return 0;
  }
}
