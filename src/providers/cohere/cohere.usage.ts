import type { HubUsage } from '../../hub/hub-usage.js';
import type { CohereUsage } from './cohere.types.js';

const count = (value: unknown) => (typeof value === 'number' && Number.isFinite(value) ? value : undefined);

/** Cohere usage in the hub's terms: `tokens` (what the model processed) first, `billed_units` when `tokens` is missing. */
export function fromCohereUsage(usage: CohereUsage | undefined | null): HubUsage {
  return {
    inputTokens: count(usage?.tokens?.input_tokens) ?? count(usage?.billed_units?.input_tokens) ?? 0,
    outputTokens: count(usage?.tokens?.output_tokens) ?? count(usage?.billed_units?.output_tokens) ?? 0,
    cacheReadTokens: count(usage?.cached_tokens) ?? 0,
  };
}
