import { OPENAI_COMPATIBLE_PRESETS } from './openai-compatible/openai-compatible.presets.js';

/** What configuration needs to know about a provider; derived from the strategies' own data. */
export interface ProviderDescriptor {
  id: string;
  defaultUrl: string;
  /** `at-default-url`: the hosted service needs a key, a server of one's own at another URL may not (a self-hosted NIM). */
  requiresKey: boolean | 'at-default-url';
}

export const PROVIDER_CATALOG: readonly ProviderDescriptor[] = [
  ...OPENAI_COMPATIBLE_PRESETS.map(({ id, defaultUrl, requiresKey }) => ({ id, defaultUrl, requiresKey })),
  // Native strategies: chat at `{ANTHROPIC_API_URL}/messages` and `{COHERE_API_URL}/v2/chat`.
  { id: 'anthropic', defaultUrl: 'https://api.anthropic.com/v1', requiresKey: true },
  { id: 'cohere', defaultUrl: 'https://api.cohere.ai', requiresKey: true },
];

export const PROVIDER_IDS: readonly string[] = PROVIDER_CATALOG.map((descriptor) => descriptor.id);

/** Whether calls to the provider at this base URL need a key. */
export function needsKey(descriptor: ProviderDescriptor, baseUrl: string): boolean {
  return descriptor.requiresKey === 'at-default-url' ? baseUrl === descriptor.defaultUrl : descriptor.requiresKey;
}
