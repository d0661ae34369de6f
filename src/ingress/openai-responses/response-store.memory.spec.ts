import { jest } from '@jest/globals';
import { MemoryResponseStore } from './response-store.memory.js';
import type { StoredResponse } from './response-store.js';
import type { ResponseObject } from './openai-responses.types.js';

const record = (id: string, itemId = `msg_${id}`): StoredResponse => ({
  response: { id, output: [{ id: itemId, type: 'message', role: 'assistant', status: 'completed', content: [] }] } as unknown as ResponseObject,
  input: [{ id: `in_${id}`, role: 'user', content: 'Hi' }],
});

describe('MemoryResponseStore', () => {
  afterEach(() => jest.useRealTimers());

  it('keeps a response and its items until its time to live has passed', async () => {
    jest.useFakeTimers({ now: 1_000_000 });
    const store = new MemoryResponseStore(10, 1_000_000);
    await store.save(record('resp_a'), 60_000);
    expect((await store.get('resp_a'))?.response.id).toBe('resp_a');
    expect(await store.responseOfItem('msg_resp_a', undefined)).toBe('resp_a');
    expect(await store.responseOfItem('in_resp_a', undefined)).toBe('resp_a');
    jest.setSystemTime(1_000_000 + 60_001);
    expect(await store.get('resp_a')).toBeUndefined();
    expect(await store.responseOfItem('msg_resp_a', undefined)).toBeUndefined();
  });

  it("keeps each owner's item ids apart: one caller's ids cannot shadow another's", async () => {
    const store = new MemoryResponseStore(10, 1_000_000);
    await store.save({ ...record('resp_alice', 'msg_shared'), owner: 'alice' }, 60_000);
    await store.save({ ...record('resp_mallory', 'msg_shared'), owner: 'mallory' }, 60_000);
    expect(await store.responseOfItem('msg_shared', 'alice')).toBe('resp_alice');
    expect(await store.responseOfItem('msg_shared', 'mallory')).toBe('resp_mallory');
    expect(await store.responseOfItem('msg_shared', undefined)).toBeUndefined();
  });

  it('drops the oldest responses beyond its bound, and their items with them', async () => {
    const store = new MemoryResponseStore(2, 1_000_000);
    for (const id of ['resp_1', 'resp_2', 'resp_3']) await store.save(record(id), 60_000);
    expect(await store.get('resp_1')).toBeUndefined();
    expect(await store.responseOfItem('msg_resp_1', undefined)).toBeUndefined();
    expect((await store.get('resp_3'))?.response.id).toBe('resp_3');
  });

  it('drops the oldest responses beyond its memory bound, and refuses one larger than the bound', async () => {
    const size = JSON.stringify(record('resp_1')).length * 2;
    const store = new MemoryResponseStore(100, size * 2);
    for (const id of ['resp_1', 'resp_2', 'resp_3']) await store.save(record(id), 60_000);
    expect(await store.get('resp_1')).toBeUndefined();
    expect((await store.get('resp_2'))?.response.id).toBe('resp_2');
    const huge = record('resp_huge');
    huge.input.push({ role: 'user', content: 'x'.repeat(size * 2) });
    await expect(store.save(huge, 60_000)).rejects.toThrow('RESPONSES_STORE_MAX_MEMORY');
    expect((await store.get('resp_3'))?.response.id).toBe('resp_3');
  });

  it('hands out copies: a stored response cannot be changed from outside', async () => {
    const store = new MemoryResponseStore(2, 1_000_000);
    const saved = record('resp_x');
    await store.save(saved, 60_000);
    saved.input.push({ role: 'user', content: 'changed' });
    const first = await store.get('resp_x');
    first!.input.length = 0;
    expect((await store.get('resp_x'))?.input).toHaveLength(1);
  });

  it('deletes a response and its items, once', async () => {
    const store = new MemoryResponseStore(2, 1_000_000);
    await store.save(record('resp_d'), 60_000);
    expect(await store.delete('resp_d')).toBe(true);
    expect(await store.delete('resp_d')).toBe(false);
    expect(await store.responseOfItem('msg_resp_d', undefined)).toBeUndefined();
  });
});
