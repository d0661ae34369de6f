import { fromLlamacppProps, fromOllamaShow } from './openai-compatible.runtime-context.js';

describe('runtime context windows', () => {
  it("reads Ollama's num_ctx before the architecture's context length, and the length alone without it", () => {
    expect(fromOllamaShow({ parameters: 'stop "<|eot_id|>"\nnum_ctx                        8192', model_info: { 'llama.context_length': 131072 } })).toBe(8192);
    expect(fromOllamaShow({ parameters: 'stop "x"', model_info: { 'general.architecture': 'qwen3', 'qwen3.context_length': 40960 } })).toBe(40960);
    expect(fromOllamaShow({ model_info: { 'llama.context_length': -1 } })).toBeUndefined();
    expect(fromOllamaShow({ parameters: 'num_ctx lots' })).toBeUndefined();
    expect(fromOllamaShow(null)).toBeUndefined();
  });

  it("reads llama.cpp's n_ctx, and nothing from a body without a usable one", () => {
    expect(fromLlamacppProps({ default_generation_settings: { n_ctx: 4096 } })).toBe(4096);
    expect(fromLlamacppProps({ default_generation_settings: { n_ctx: 0 } })).toBeUndefined();
    expect(fromLlamacppProps({ default_generation_settings: { n_ctx: '4096' } })).toBeUndefined();
    expect(fromLlamacppProps('not an object')).toBeUndefined();
  });
});
