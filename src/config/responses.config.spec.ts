import { loadResponsesConfig } from './responses.config.js';

describe('responses config', () => {
  it("keeps stored responses 30 days by default (OpenAI's retention), at most 1000 of them in 256 MiB of memory", () => {
    expect(loadResponsesConfig({})).toEqual({ storeTtlMs: 30 * 24 * 3_600_000, maxEntries: 1000, maxMemoryBytes: 256 * 1024 * 1024 });
  });

  it('reads RESPONSES_STORE_TTL, RESPONSES_STORE_MAX_ENTRIES and RESPONSES_STORE_MAX_MEMORY', () => {
    expect(loadResponsesConfig({ RESPONSES_STORE_TTL: '2h', RESPONSES_STORE_MAX_ENTRIES: '50', RESPONSES_STORE_MAX_MEMORY: '16MiB' })).toEqual({
      storeTtlMs: 7_200_000,
      maxEntries: 50,
      maxMemoryBytes: 16 * 1024 * 1024,
    });
    expect(loadResponsesConfig({ RESPONSES_STORE_TTL: '0' }).storeTtlMs).toBe(0);
  });

  it.each([
    ['RESPONSES_STORE_TTL', 'a month'],
    ['RESPONSES_STORE_TTL', '9000h'],
    ['RESPONSES_STORE_MAX_ENTRIES', '0'],
    ['RESPONSES_STORE_MAX_MEMORY', 'lots'],
  ])('refuses %s=%s naming the variable', (name, value) => {
    expect(() => loadResponsesConfig({ [name]: value })).toThrow(new RegExp(`^${name}: `));
  });
});
