import type { HubUsage } from '../../hub/hub-usage.js';
import type { AnthropicUsage } from './anthropic.types.js';

const count = (value: number | null | undefined) => (typeof value === 'number' && Number.isFinite(value) ? value : 0);

/**
 * Anthropic usage in the hub's terms. Anthropic's `input_tokens` leaves out cached input, so input
 * tokens add cache reads and cache writes back, and name them.
 */
export function fromAnthropicUsage(usage: AnthropicUsage | undefined): HubUsage {
  const cacheRead = count(usage?.cache_read_input_tokens);
  const cacheWrite = count(usage?.cache_creation_input_tokens);
  const thinkingTokens = usage?.output_tokens_details?.thinking_tokens;
  return {
    inputTokens: count(usage?.input_tokens) + cacheWrite + cacheRead,
    outputTokens: count(usage?.output_tokens),
    cacheReadTokens: cacheRead,
    cacheWriteTokens: cacheWrite,
    ...(typeof thinkingTokens === 'number' ? { reasoningTokens: thinkingTokens } : {}),
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
