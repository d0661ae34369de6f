import { InvalidRequestError } from '../../common/errors/gateway-error.js';
import { findCatalogueModel, type CatalogueModel } from '../../common/models/model-catalogue.js';

/** What `GET /v1/models?include=` may add to each model. */
export const INCLUDE_KEYS = ['context_window', 'pricing', 'modalities'] as const;
export type IncludeKey = (typeof INCLUDE_KEYS)[number];

export interface ContextWindow {
  tokens: number;
  /** `runtime`: what the local server runs the model with; `provider`: the provider's model list; `community`: models.dev. */
  source: 'runtime' | 'provider' | 'community';
}

/** USD per token, as decimal strings (as the original gateway wrote them). */
export interface ModelPricing {
  currency: 'USD';
  input_per_token: string;
  output_per_token: string;
  cache_read_per_token?: string;
  cache_write_per_token?: string;
  source: 'community';
}

export interface ModelModalities {
  input: string[];
  output: string[];
}

export interface ModelMetadata {
  context_window?: ContextWindow | null;
  pricing?: ModelPricing | null;
  modalities?: ModelModalities | null;
}

/** The keys of `?include=` (a comma list, spaces and repeats allowed), or a 400 naming a key the gateway does not know. */
export function parseInclude(raw: string | undefined): IncludeKey[] {
  if (raw === undefined) return [];
  const keys: IncludeKey[] = [];
  for (const part of raw.split(',')) {
    const key = part.trim();
    if (!key) continue;
    if (!(INCLUDE_KEYS as readonly string[]).includes(key)) {
      throw new InvalidRequestError(`Unknown include value '${key}'; supported: ${INCLUDE_KEYS.join(', ')}.`, { param: 'include', code: 'invalid_include' });
    }
    if (!keys.includes(key as IncludeKey)) keys.push(key as IncludeKey);
  }
  return keys;
}

/** A price per million tokens as a price per token, in plain decimal notation. */
function perToken(perMillion: number): string {
  return (perMillion / 1_000_000).toFixed(12).replace(/\.?0+$/, '');
}

function pricingOf(entry: CatalogueModel | undefined): ModelPricing | null {
  const cost = entry?.cost;
  if (cost?.input === undefined || cost.output === undefined) return null;
  return {
    currency: 'USD',
    input_per_token: perToken(cost.input),
    output_per_token: perToken(cost.output),
    ...(cost.cache_read ? { cache_read_per_token: perToken(cost.cache_read) } : {}),
    ...(cost.cache_write ? { cache_write_per_token: perToken(cost.cache_write) } : {}),
    source: 'community',
  };
}

function modalitiesOf(entry: CatalogueModel | undefined): ModelModalities | null {
  const modalities = entry?.modalities;
  if (!modalities?.input || !modalities.output) return null;
  return { input: [...modalities.input], output: [...modalities.output] };
}

/**
 * The metadata asked for of one model, each key resolved or an explicit `null`: the context window
 * from the local server at run time, else the provider's own list, else models.dev; prices and
 * modalities from models.dev.
 */
export function modelMetadata(
  include: readonly IncludeKey[],
  providerId: string,
  model: string,
  known: { runtimeContextWindow?: number; listedContextWindow?: number },
): ModelMetadata {
  let catalogued: CatalogueModel | undefined;
  let looked = false;
  const catalogue = () => {
    if (!looked) catalogued = findCatalogueModel(providerId, model);
    looked = true;
    return catalogued;
  };
  const metadata: ModelMetadata = {};
  for (const key of include) {
    if (key === 'context_window') {
      const community = catalogue()?.limit?.context;
      metadata.context_window =
        known.runtimeContextWindow !== undefined
          ? { tokens: known.runtimeContextWindow, source: 'runtime' }
          : known.listedContextWindow !== undefined
            ? { tokens: known.listedContextWindow, source: 'provider' }
            : community
              ? { tokens: community, source: 'community' }
              : null;
    } else if (key === 'pricing') metadata.pricing = pricingOf(catalogue());
    else metadata.modalities = modalitiesOf(catalogue());
  }
  return metadata;
}
