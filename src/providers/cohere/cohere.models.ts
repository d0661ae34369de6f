import type { Model } from '../../common/openai/chat-completion.types.js';
import type { CohereModelPage } from './cohere.types.js';

export type UpstreamModel = Omit<Model, 'object'>;

/** One page of `GET /v1/models?endpoint=chat`: chat models that are not deprecated, and the next page token. */
export function fromCohereModelPage(body: unknown): { models: UpstreamModel[]; nextPageToken?: string } {
  const page = body as CohereModelPage;
  if (!page || !Array.isArray(page.models)) throw new Error('model list has no models array');
  const models = page.models
    .filter((entry) => typeof entry?.name === 'string' && entry.is_deprecated !== true)
    .filter((entry) => !Array.isArray(entry.endpoints) || entry.endpoints.includes('chat'))
    .map((entry) => ({ id: entry.name as string, created: 0, owned_by: 'cohere' }));
  return { models, ...(typeof page.next_page_token === 'string' && page.next_page_token ? { nextPageToken: page.next_page_token } : {}) };
}
