import type { Model } from '../../common/openai/chat-completion.types.js';
import type { AnthropicModelPage } from './anthropic.types.js';

export type UpstreamModel = Omit<Model, 'object'>;

/** One page of `GET /v1/models`: the models, and the `after_id` of the next page while `has_more`. */
export function fromAnthropicModelPage(body: unknown): { models: UpstreamModel[]; nextAfterId?: string } {
  const page = body as AnthropicModelPage;
  if (!page || !Array.isArray(page.data)) throw new Error('model list has no data array');
  const models: UpstreamModel[] = [];
  for (const entry of page.data) {
    if (typeof entry?.id !== 'string') continue;
    const created = typeof entry.created_at === 'string' ? Math.floor(Date.parse(entry.created_at) / 1000) : Number.NaN;
    models.push({ id: entry.id, created: Number.isFinite(created) ? created : 0, owned_by: 'anthropic' });
  }
  const lastId = typeof page.last_id === 'string' && page.last_id ? page.last_id : models.at(-1)?.id;
  return { models, ...(page.has_more === true && lastId ? { nextAfterId: lastId } : {}) };
}
