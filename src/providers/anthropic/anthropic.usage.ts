import type { CompletionUsage } from '../../common/openai/chat-completion.types.js';
import type { AnthropicUsage } from './anthropic.types.js';

const count = (value: number | null | undefined) => (typeof value === 'number' && Number.isFinite(value) ? value : 0);

/**
 * Anthropic usage as OpenAI usage. Anthropic's `input_tokens` leaves out cached input, so prompt
 * tokens add cache reads and cache writes back; cache reads are also `cached_tokens`.
 */
export function fromAnthropicUsage(usage: AnthropicUsage | undefined): CompletionUsage {
  const cacheRead = count(usage?.cache_read_input_tokens);
  const promptTokens = count(usage?.input_tokens) + count(usage?.cache_creation_input_tokens) + cacheRead;
  const completionTokens = count(usage?.output_tokens);
  const thinkingTokens = usage?.output_tokens_details?.thinking_tokens;
  return {
    prompt_tokens: promptTokens,
    completion_tokens: completionTokens,
    total_tokens: promptTokens + completionTokens,
    prompt_tokens_details: { cached_tokens: cacheRead },
    ...(typeof thinkingTokens === 'number' ? { completion_tokens_details: { reasoning_tokens: thinkingTokens } } : {}),
  };
}

/** `message_delta` usage is cumulative: its non-null fields replace what `message_start` said. */
export function mergeAnthropicUsage(current: AnthropicUsage, update: AnthropicUsage | undefined): AnthropicUsage {
  const merged: AnthropicUsage = { ...current };
  if (!update) return merged;
  for (const [key, value] of Object.entries(update) as Array<[keyof AnthropicUsage, unknown]>) {
    if (value !== null && value !== undefined) (merged as Record<string, unknown>)[key] = value;
  }
  return merged;
}
