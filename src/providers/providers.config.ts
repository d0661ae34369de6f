import { registerAs } from '@nestjs/config';
import { needsKey, PROVIDER_CATALOG, type ProviderDescriptor } from './provider-catalog.js';
import { httpUrl, type Env } from '../config/env-parsers.js';

export interface ProviderSettings {
  id: string;
  baseUrl: string;
  apiKey?: string;
  /** Why calls cannot be made (no key, placeholder left in the URL), or undefined when usable. */
  unusableReason?: string;
  /** Set up on purpose: a key, or a URL that is not the default (a local server without a key counts only then). */
  configured: boolean;
}

/** `<ID>_API_URL` and `<ID>_API_KEY` for every provider in the catalogue; no per-provider code. */
export function loadProvidersConfig(env: Env, catalog: readonly ProviderDescriptor[] = PROVIDER_CATALOG) {
  const providers: Record<string, ProviderSettings> = {};
  for (const descriptor of catalog) {
    const prefix = descriptor.id.toUpperCase();
    const baseUrl = httpUrl(env, `${prefix}_API_URL`, descriptor.defaultUrl);
    const apiKey = env[`${prefix}_API_KEY`]?.trim() || undefined;
    let unusableReason: string | undefined;
    const placeholder = /\{([A-Z_]+)\}/.exec(baseUrl);
    if (placeholder) {
      unusableReason = `set ${prefix}_API_URL (its ${placeholder[1]} placeholder is not filled in)`;
    } else if (needsKey(descriptor, baseUrl) && !apiKey) {
      unusableReason = `set ${prefix}_API_KEY`;
    }
    const configured = !unusableReason && (apiKey !== undefined || env[`${prefix}_API_URL`] !== undefined);
    providers[descriptor.id] = { id: descriptor.id, baseUrl, apiKey, unusableReason, configured };
  }
  return { providers };
}

export const providersConfig = registerAs('providers', () => loadProvidersConfig(process.env));
export type ProvidersConfig = ReturnType<typeof loadProvidersConfig>;
