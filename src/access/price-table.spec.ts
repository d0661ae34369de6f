import { toModelPattern } from './model-pattern.js';
import { costOf, PriceTable } from './price-table.js';

describe('PriceTable', () => {
  it('prices a model from the models.dev catalogue (USD per million tokens)', () => {
    const table = new PriceTable([]);
    expect(table.priceOf('openai/gpt-4o-mini')).toMatchObject({ input: 0.15, output: 0.6, cacheRead: 0.08 });
    expect(table.cost('openai/gpt-4o-mini', { inputTokens: 1_000_000, outputTokens: 1_000_000 })).toBeCloseTo(0.75, 10);
  });

  it('prices a name without its date as its dated version', () => {
    expect(new PriceTable([]).priceOf('anthropic/claude-3-5-haiku')).toMatchObject({ input: 0.8, output: 4 });
  });

  it('takes the access file prices first, exact names and globs, and knows no price for an unknown model', () => {
    const table = new PriceTable([
      { pattern: toModelPattern('openai/gpt-4o-mini'), price: { input: 1, output: 2 } },
      { pattern: toModelPattern('ollama/*'), price: { input: 0, output: 0 } },
    ]);
    expect(table.priceOf('OpenAI/gpt-4o-mini')).toEqual({ input: 1, output: 2 });
    expect(table.priceOf('ollama/llama3.2')).toEqual({ input: 0, output: 0 });
    expect(table.priceOf('cohere/command-a')).toBeUndefined();
    expect(table.cost('cohere/command-a', { inputTokens: 10, outputTokens: 10 })).toBe(0);
  });
});

describe('costOf', () => {
  it('prices cached input and reasoning output at their own rates, the rest at the plain rates', () => {
    const price = { input: 3, output: 15, cacheRead: 0.3, cacheWrite: 3.75, reasoning: 20 };
    const usage = { inputTokens: 1_000_000, cacheReadTokens: 600_000, cacheWriteTokens: 100_000, outputTokens: 500_000, reasoningTokens: 200_000 };
    // 300k plain input * 3 + 600k * 0.3 + 100k * 3.75 + 300k output * 15 + 200k reasoning * 20, per million
    expect(costOf(price, usage)).toBeCloseTo(0.9 + 0.18 + 0.375 + 4.5 + 4, 10);
  });

  it('prices cached tokens at the input rate when the model has no cache price', () => {
    expect(costOf({ input: 2, output: 8 }, { inputTokens: 1_000_000, cacheReadTokens: 500_000, outputTokens: 0 })).toBeCloseTo(2, 10);
  });
});
