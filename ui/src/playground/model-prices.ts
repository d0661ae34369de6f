import type { Usage } from '../api/wire-types';

export interface ModelPrice {
  /** US dollars per million input (prompt) tokens. */
  inputPerMillion: number;
  /** US dollars per million output (completion) tokens. */
  outputPerMillion: number;
}

/**
 * Prices by model id. Empty: the gateway publishes no price table yet, and the UI shows no cost
 * rather than a guess. Fill it from the gateway once it has one.
 */
const PRICES: ReadonlyMap<string, ModelPrice> = new Map();

/** The cost of an answer in US dollars, or undefined when the model's price is not known. */
export function costOf(model: string, usage: Usage): number | undefined {
  const price = PRICES.get(model);
  if (!price) return undefined;
  return (usage.prompt_tokens * price.inputPerMillion + usage.completion_tokens * price.outputPerMillion) / 1_000_000;
}
