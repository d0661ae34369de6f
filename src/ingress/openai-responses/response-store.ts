import type { ResponseObject, ResponsesItem } from './openai-responses.types.js';

/**
 * A response the gateway produced, kept so a later request can continue from it
 * (`previous_response_id`), refer to its items (`item_reference`), or read or delete it.
 */
export interface StoredResponse {
  /** The response as the client received it; its `output` follows `input` in the conversation. */
  response: ResponseObject;
  /** The conversation it answered: the stored history it continued, then the request's own input. */
  input: ResponsesItem[];
  /** The caller who created it, when callers are identified; only that caller can use it. */
  owner?: string;
}

/** Where stored responses live: in memory (one replica) or in Redis (shared by every replica). */
export abstract class ResponseStore {
  abstract save(record: StoredResponse, ttlMs: number): Promise<void>;
  abstract get(id: string): Promise<StoredResponse | undefined>;
  /** True when there was one to delete. */
  abstract delete(id: string): Promise<boolean>;
  /** The id of the owner's stored response an item (input or output) belongs to. */
  abstract responseOfItem(itemId: string, owner: string | undefined): Promise<string | undefined>;
}

/** An item id within its owner's responses: ids one caller sends cannot shadow another caller's items. */
export function itemKey(owner: string | undefined, itemId: string): string {
  return `${owner === undefined ? '-' : `u${encodeURIComponent(owner)}`}:${itemId}`;
}

/** The index keys of every item of a record that has an id, for `item_reference`. */
export function itemKeys(record: StoredResponse): string[] {
  return [...record.input, ...record.response.output].flatMap((item) => (typeof item.id === 'string' && item.id ? [itemKey(record.owner, item.id)] : []));
}
