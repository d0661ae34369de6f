import { jest } from '@jest/globals';
import { MemoryAccessStore } from './memory-access-store.js';

afterEach(() => jest.useRealTimers());

describe('MemoryAccessStore', () => {
  it('counts a window for a minute, then starts again from zero', async () => {
    jest.useFakeTimers({ now: Date.UTC(2026, 0, 1) });
    const store = new MemoryAccessStore();
    expect(await store.add('rpm:key:a', 1)).toEqual({ consumed: 1, resetMs: 60_000 });
    jest.advanceTimersByTime(59_000);
    expect(await store.add('rpm:key:a', 1)).toEqual({ consumed: 2, resetMs: 1_000 });
    await store.subtract('rpm:key:a', 1);
    expect((await store.add('rpm:key:a', 1)).consumed).toBe(2);
    jest.advanceTimersByTime(1_001);
    expect(await store.add('rpm:key:a', 5)).toEqual({ consumed: 5, resetMs: 60_000 });
    expect((await store.add('rpm:key:b', 1)).consumed).toBe(1);
  });

  it('hands out at most `limit` slots per counter, and frees each once', async () => {
    const store = new MemoryAccessStore();
    const first = await store.acquire('c', 2);
    const second = await store.acquire('c', 2);
    expect(first && second).toBeDefined();
    expect(await store.acquire('c', 2)).toBeUndefined();
    first?.release();
    first?.release();
    const third = await store.acquire('c', 2);
    expect(third).toBeDefined();
    expect(await store.acquire('c', 2)).toBeUndefined();
  });

  it('adds spend to a budget counter until it expires, and usage per caller, day and model', async () => {
    let now = Date.UTC(2026, 0, 1);
    const store = new MemoryAccessStore(() => now);
    const usage = { inputTokens: 10, outputTokens: 5, cacheReadTokens: 2 };
    const budget = { counter: 'key:a:1d:1', expiresAt: now + 1_000 };
    await store.record({ caller: 'key:a', rule: 'a', model: 'openai/gpt-4o-mini', usage, costUsd: 0.25, budget, day: 100 });
    await store.record({ caller: 'key:a', rule: 'a', model: 'groq/llama', usage, costUsd: 0.5, budget, day: 100 });
    await store.record({ caller: 'key:b', rule: 'b', model: 'groq/llama', usage, costUsd: 1, day: 101 });
    expect(await store.spent('key:a:1d:1')).toBe(0.75);
    now += 1_000;
    expect(await store.spent('key:a:1d:1')).toBe(0);
    const [a] = await store.usage([100, 101], ['key:a']);
    expect(a.totals).toEqual({ requests: 2, inputTokens: 20, outputTokens: 10, cacheReadTokens: 4, costUsd: 0.75 });
    expect(a.models['groq/llama']).toEqual({ requests: 1, inputTokens: 10, outputTokens: 5, cacheReadTokens: 2, costUsd: 0.5 });
    expect((await store.usage([100, 101])).map((entry) => entry.caller).sort()).toEqual(['key:a', 'key:b']);
    expect(await store.usage([99])).toEqual([]);
  });
});
