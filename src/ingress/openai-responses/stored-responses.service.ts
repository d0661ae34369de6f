import { Inject, Injectable, Logger } from '@nestjs/common';
import { NotFoundError } from '../../common/errors/gateway-error.js';
import { RedisConnection } from '../../common/redis/redis-connection.js';
import { responsesConfig, type ResponsesConfig } from '../../config/responses.config.js';
import { inputItems } from './openai-responses.decode.js';
import type { ResponseObject, ResponsesItem, ResponsesRequestBody } from './openai-responses.types.js';
import { ResponseStore, type StoredResponse } from './response-store.js';
import { MemoryResponseStore } from './response-store.memory.js';
import { RedisResponseStore } from './response-store.redis.js';

/**
 * The responses the gateway produced for providers without a Responses API of their own, so that
 * `previous_response_id`, `item_reference`, `GET` and `DELETE /v1/responses/{id}` work with them:
 * kept in Redis when `REDIS_URL` is set (any replica can continue a conversation), else in memory.
 * A response stored for an identified caller exists only for that caller (anyone else gets the
 * same 404 as for an unknown id).
 */
@Injectable()
export class StoredResponses {
  private readonly logger = new Logger('Responses');
  private readonly store: ResponseStore;

  constructor(
    redis: RedisConnection,
    @Inject(responsesConfig.KEY) private readonly config: ResponsesConfig,
  ) {
    this.store = redis.client ? new RedisResponseStore(redis.client) : new MemoryResponseStore(config.maxEntries, config.maxMemoryBytes);
  }

  /**
   * The conversation a request continues, as items: the stored conversation `previous_response_id`
   * names (its input, then its output), then the request's own input with item references
   * replaced by the items they name. An unknown id is a 404.
   */
  async conversation(body: ResponsesRequestBody, owner: string | undefined): Promise<ResponsesItem[]> {
    const previous = body.previous_response_id;
    let history: ResponsesItem[] = [];
    if (typeof previous === 'string' && previous) {
      const record = await this.find(previous, owner);
      if (!record) {
        throw new NotFoundError(`Previous response with id '${previous}' not found.`, { param: 'previous_response_id', code: 'previous_response_not_found' });
      }
      history = [...record.input, ...record.response.output];
    }
    const input = await Promise.all(inputItems(body.input).map((item, index) => this.resolve(item, `input[${index}]`, owner)));
    return [...history, ...input];
  }

  /** Keeps a finished response (unless the request said `store: false`); a store that fails is logged, the answer stands. */
  async save(response: ResponseObject, input: ResponsesItem[], owner: string | undefined): Promise<void> {
    if (!response.store || this.config.storeTtlMs === 0) return;
    try {
      await this.store.save({ response, input, ...(owner !== undefined ? { owner } : {}) }, this.config.storeTtlMs);
    } catch (error) {
      this.logger.warn({ responseId: response.id, reason: error instanceof Error ? error.message : String(error) }, 'response not stored');
    }
  }

  async find(id: string, owner: string | undefined): Promise<StoredResponse | undefined> {
    const record = await this.store.get(id);
    return record && record.owner === owner ? record : undefined;
  }

  async delete(id: string, owner: string | undefined): Promise<boolean> {
    return (await this.find(id, owner)) !== undefined && this.store.delete(id);
  }

  private async resolve(item: ResponsesItem, where: string, owner: string | undefined): Promise<ResponsesItem> {
    if (item?.type !== 'item_reference') return item;
    const id = typeof item.id === 'string' ? item.id : '';
    const responseId = id ? await this.store.responseOfItem(id, owner) : undefined;
    const record = responseId ? await this.find(responseId, owner) : undefined;
    const found = record && [...record.input, ...record.response.output].find((candidate) => candidate.id === id && candidate.type !== 'item_reference');
    if (!found) throw new NotFoundError(`Item with id '${id}' not found.`, { param: where, code: 'item_not_found' });
    return found;
  }
}
