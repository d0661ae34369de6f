import type { Redis } from 'ioredis';
import { ServiceUnavailableError } from '../../common/errors/gateway-error.js';
import { itemKey, itemKeys, ResponseStore, type StoredResponse } from './response-store.js';

const PREFIX = 'llm-gateway:responses:';
const responseKey = (id: string) => `${PREFIX}response:${id}`;
const itemIndexKey = (key: string) => `${PREFIX}item:${key}`;

/**
 * Stored responses in Redis, shared by every replica: one key per response (its JSON) and one per
 * item id (the response it belongs to), all expiring after the time to live. While Redis is
 * unreachable, reading a stored response fails with a 503 (never a hang: commands fail fast).
 */
export class RedisResponseStore extends ResponseStore {
  constructor(private readonly redis: Redis) {
    super();
  }

  async save(record: StoredResponse, ttlMs: number): Promise<void> {
    const id = record.response.id;
    const transaction = this.redis.multi().set(responseKey(id), JSON.stringify(record), 'PX', ttlMs);
    for (const key of itemKeys(record)) transaction.set(itemIndexKey(key), id, 'PX', ttlMs);
    await transaction.exec();
  }

  async get(id: string): Promise<StoredResponse | undefined> {
    const json = await this.command(() => this.redis.get(responseKey(id)));
    return json ? (JSON.parse(json) as StoredResponse) : undefined;
  }

  async delete(id: string): Promise<boolean> {
    const record = await this.get(id);
    if (!record) return false;
    await this.command(() => this.redis.del(responseKey(id), ...itemKeys(record).map(itemIndexKey)));
    return true;
  }

  async responseOfItem(itemId: string, owner: string | undefined): Promise<string | undefined> {
    return (await this.command(() => this.redis.get(itemIndexKey(itemKey(owner, itemId))))) ?? undefined;
  }

  private async command<T>(run: () => Promise<T>): Promise<T> {
    try {
      return await run();
    } catch (error) {
      throw new ServiceUnavailableError('The store of responses (Redis) cannot be reached.', { code: 'store_unavailable', cause: error });
    }
  }
}
