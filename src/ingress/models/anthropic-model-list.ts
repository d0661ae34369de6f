import type { IncomingHttpHeaders } from 'node:http';
import { InvalidRequestError } from '../../common/errors/gateway-error.js';
import type { Model } from '../../common/openai/chat-completion.types.js';
import { INCLUDE_KEYS, type ModelMetadata } from '../../core/models/model-metadata.js';

/** A model as Anthropic's `GET /v1/models` describes it. */
export interface AnthropicModel {
  type: 'model';
  id: string;
  display_name: string;
  /** RFC 3339. */
  created_at: string;
}

export interface AnthropicModelPage {
  data: Array<AnthropicModel & ModelMetadata>;
  has_more: boolean;
  first_id: string | null;
  last_id: string | null;
}

const DEFAULT_LIMIT = 20;
const MAX_LIMIT = 1000;

/** Anthropic's SDKs and Claude Code send `anthropic-version` with every request: they get Anthropic's shapes. */
export function wantsAnthropicShape(headers: IncomingHttpHeaders): boolean {
  return headers['anthropic-version'] !== undefined;
}

/** A model in Anthropic's shape, with the `include` metadata it was listed with. */
export function toAnthropicModel(model: Model & ModelMetadata): AnthropicModel & ModelMetadata {
  const metadata = Object.fromEntries(INCLUDE_KEYS.filter((key) => key in model).map((key) => [key, model[key]])) as ModelMetadata;
  return {
    type: 'model',
    id: model.id,
    display_name: model.id,
    created_at: new Date(model.created * 1000).toISOString().replace('.000Z', 'Z'),
    ...metadata,
  };
}

/**
 * One page of the gateway's models in Anthropic's shape, paged as Anthropic pages: `limit` (1 to
 * 1000, default 20), then the models after `after_id` or before `before_id`.
 */
export function toAnthropicModelPage(models: Model[], query: { limit?: string; afterId?: string; beforeId?: string }): AnthropicModelPage {
  const limit = query.limit === undefined ? DEFAULT_LIMIT : Number(query.limit);
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_LIMIT) {
    throw new InvalidRequestError(`limit must be an integer from 1 to ${MAX_LIMIT}.`, { param: 'limit', code: 'invalid_value' });
  }
  let start = 0;
  let end = models.length;
  if (query.afterId !== undefined) start = positionOf(models, query.afterId, 'after_id') + 1;
  if (query.beforeId !== undefined) end = positionOf(models, query.beforeId, 'before_id');
  const page =
    query.beforeId !== undefined && query.afterId === undefined
      ? models.slice(Math.max(start, end - limit), end)
      : models.slice(start, Math.min(end, start + limit));
  const data = page.map(toAnthropicModel);
  const first = models.indexOf(page[0]);
  const more = query.beforeId !== undefined && query.afterId === undefined ? first > 0 : first + page.length < end;
  return { data, has_more: page.length > 0 && more, first_id: data[0]?.id ?? null, last_id: data.at(-1)?.id ?? null };
}

function positionOf(models: Model[], id: string, param: string): number {
  const position = models.findIndex((model) => model.id === id);
  if (position === -1) throw new InvalidRequestError(`${param} names no listed model: ${id}.`, { param, code: 'invalid_value' });
  return position;
}
