import { modelMetadata, parseInclude } from './model-metadata.js';

describe('model metadata', () => {
  it('parses the include list: trimmed, without repeats, an unknown key refused by name', () => {
    expect(parseInclude(undefined)).toEqual([]);
    expect(parseInclude(' pricing , context_window,pricing,,')).toEqual(['pricing', 'context_window']);
    expect(() => parseInclude('pricing,modality')).toThrow("Unknown include value 'modality'");
  });

  it('prefers the runtime window, then the provider list, then models.dev', () => {
    const include = ['context_window'] as const;
    expect(modelMetadata(include, 'openai', 'gpt-4o-mini', { runtimeContextWindow: 8192, listedContextWindow: 4096 })).toEqual({
      context_window: { tokens: 8192, source: 'runtime' },
    });
    expect(modelMetadata(include, 'openai', 'gpt-4o-mini', { listedContextWindow: 4096 })).toEqual({ context_window: { tokens: 4096, source: 'provider' } });
    expect(modelMetadata(include, 'openai', 'gpt-4o-mini', {})).toEqual({ context_window: { tokens: 128000, source: 'community' } });
    expect(modelMetadata(include, 'openai', 'gpt-unknown', {})).toEqual({ context_window: null });
  });

  it('writes prices per token in plain decimals, and finds models whose provider adds a namespace', () => {
    const { pricing } = modelMetadata(['pricing'], 'zai', 'glm-4.5', {});
    // models.dev: $0.6 and $2.2 per million, cache reads $0.11, cache writes free (left out).
    expect(pricing).toEqual({
      currency: 'USD',
      input_per_token: '0.0000006',
      output_per_token: '0.0000022',
      cache_read_per_token: '0.00000011',
      source: 'community',
    });
    expect(modelMetadata(['modalities'], 'nvidia', 'deepseek-ai/deepseek-r1', {}).modalities).toEqual({ input: ['text'], output: ['text'] });
  });
});
