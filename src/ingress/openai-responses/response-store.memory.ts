import { itemKey, itemKeys, ResponseStore, type StoredResponse } from './response-store.js';

interface Entry {
  /** Serialised, so a stored response cannot be changed through a reference kept elsewhere. */
  json: string;
  expiresAt: number;
  items: string[];
}

/**
 * Stored responses in this process's memory: at most `maxEntries`, taking at most `maxBytes` (as
 * JSON text; the oldest are dropped first), each until its time to live has passed. Lost on
 * restart and not shared between replicas.
 */
export class MemoryResponseStore extends ResponseStore {
  private readonly entries = new Map<string, Entry>();
  private readonly items = new Map<string, string>();
  private bytes = 0;

  constructor(
    private readonly maxEntries: number,
    private readonly maxBytes: number,
  ) {
    super();
  }

  save(record: StoredResponse, ttlMs: number): Promise<void> {
    const id = record.response.id;
    this.remove(id);
    const json = JSON.stringify(record);
    // JavaScript strings take about two bytes a character.
    if (json.length * 2 > this.maxBytes) return Promise.reject(new Error(`the response is larger than RESPONSES_STORE_MAX_MEMORY`));
    const items = itemKeys(record);
    this.entries.set(id, { json, expiresAt: Date.now() + ttlMs, items });
    this.bytes += json.length * 2;
    for (const item of items) this.items.set(item, id);
    this.evict();
    return Promise.resolve();
  }

  get(id: string): Promise<StoredResponse | undefined> {
    const entry = this.live(id);
    return Promise.resolve(entry ? (JSON.parse(entry.json) as StoredResponse) : undefined);
  }

  delete(id: string): Promise<boolean> {
    const existed = this.live(id) !== undefined;
    this.remove(id);
    return Promise.resolve(existed);
  }

  responseOfItem(itemId: string, owner: string | undefined): Promise<string | undefined> {
    const id = this.items.get(itemKey(owner, itemId));
    return Promise.resolve(id !== undefined && this.live(id) ? id : undefined);
  }

  private live(id: string): Entry | undefined {
    const entry = this.entries.get(id);
    if (entry && entry.expiresAt <= Date.now()) {
      this.remove(id);
      return undefined;
    }
    return entry;
  }

  private remove(id: string): void {
    const entry = this.entries.get(id);
    if (!entry) return;
    this.entries.delete(id);
    this.bytes -= entry.json.length * 2;
    for (const item of entry.items) if (this.items.get(item) === id) this.items.delete(item);
  }

  /** Drops what has expired at the front (oldest first) and whatever is over the bounds. */
  private evict(): void {
    const now = Date.now();
    for (const [id, entry] of this.entries) {
      if (this.entries.size <= this.maxEntries && this.bytes <= this.maxBytes && entry.expiresAt > now) break;
      this.remove(id);
    }
  }
}
