import type { CompletionUsage } from '../../common/openai/chat-completion.types.js';
import type { CohereUsage } from './cohere.types.js';

const count = (value: unknown) => (typeof value === 'number' && Number.isFinite(value) ? value : undefined);

/**
 * Cohere usage as OpenAI usage: `tokens` (what the model processed) first, `billed_units` when
 * `tokens` is missing; `cached_tokens` becomes `prompt_tokens_details.cached_tokens`.
 */
export function fromCohereUsage(usage: CohereUsage | undefined | null): CompletionUsage {
  const promptTokens = count(usage?.tokens?.input_tokens) ?? count(usage?.billed_units?.input_tokens) ?? 0;
  const completionTokens = count(usage?.tokens?.output_tokens) ?? count(usage?.billed_units?.output_tokens) ?? 0;
  return {
    prompt_tokens: promptTokens,
    completion_tokens: completionTokens,
    total_tokens: promptTokens + completionTokens,
    prompt_tokens_details: { cached_tokens: count(usage?.cached_tokens) ?? 0 },
  };
}
