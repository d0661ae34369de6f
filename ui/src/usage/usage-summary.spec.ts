import { summarizeUsage } from './usage-summary';
import type { CallerUsage, UsageFigures, UsageReport } from './usage-types';

const figures = (requests: number, input: number, output: number, cost: number, cached = 0): UsageFigures => ({
  requests,
  input_tokens: input,
  output_tokens: output,
  cache_read_tokens: cached,
  cost_usd: cost,
});

const caller = (name: string, models: Record<string, UsageFigures>, extra: Partial<CallerUsage> = {}): CallerUsage => {
  const entries = Object.entries(models);
  const sum = (pick: (figures: UsageFigures) => number) => entries.reduce((total, [, model]) => total + pick(model), 0);
  return {
    caller: name,
    kind: 'key',
    ...figures(
      sum((model) => model.requests),
      sum((model) => model.input_tokens),
      sum((model) => model.output_tokens),
      sum((model) => model.cost_usd),
      sum((model) => model.cache_read_tokens),
    ),
    models: entries.map(([model, values]) => ({ model, ...values })),
    ...extra,
  };
};

const report = (data: CallerUsage[]): UsageReport => ({ object: 'usage', days: 1, from: '2026-01-01T00:00:00.000Z', data });

describe('summarizeUsage', () => {
  it('adds every caller’s calls up per model, most spent first, and in total', () => {
    const summary = summarizeUsage(
      report([
        caller('platform', { 'openai/gpt-4o-mini': figures(1, 9, 4, 0.017) }),
        caller('team-search', { 'openai/gpt-4o-mini': figures(2, 18, 8, 0.034, 6), 'ollama/llama3.2': figures(5, 500, 200, 0) }),
      ]),
    );
    expect(summary.byModel).toEqual([
      { label: 'openai/gpt-4o-mini', requests: 3, inputTokens: 27, outputTokens: 12, cacheReadTokens: 6, costUsd: 0.017 + 0.034 },
      { label: 'ollama/llama3.2', requests: 5, inputTokens: 500, outputTokens: 200, cacheReadTokens: 0, costUsd: 0 },
    ]);
    expect(summary.total).toEqual({ label: 'Total', requests: 8, inputTokens: 527, outputTokens: 212, cacheReadTokens: 6, costUsd: 0.017 + 0.034 });
  });

  it('orders callers by spend, then tokens, then name; identity callers go by rule and subject', () => {
    const summary = summarizeUsage(
      report([
        caller('free-a', { 'ollama/llama3.2': figures(1, 10, 10, 0) }),
        caller('batch', { 'openai/gpt-4o-mini': figures(1, 9, 4, 0.017) }, { kind: 'identity', subject: 'service-account-batch' }),
        caller('free-b', { 'ollama/llama3.2': figures(1, 30, 10, 0) }),
        caller('free-c', { 'ollama/llama3.2': figures(1, 30, 10, 0) }),
      ]),
    );
    expect(summary.byCaller.map((row) => row.label)).toEqual(['batch (service-account-batch)', 'free-b', 'free-c', 'free-a']);
  });

  it('keeps a caller that used nothing, with zeros', () => {
    const summary = summarizeUsage(report([caller('new-key', {})]));
    expect(summary.byCaller).toEqual([{ label: 'new-key', requests: 0, inputTokens: 0, outputTokens: 0, cacheReadTokens: 0, costUsd: 0 }]);
    expect(summary.byModel).toEqual([]);
  });
});
