import { loadClientConfig } from '../../config/client.config.js';
import type { UpstreamClient } from '../../common/http/upstream-client.js';
import { toMistralToolCallId } from './mistral-tool-call-id.js';
import { OpenAiCompatibleProvider } from './openai-compatible.provider.js';
import { OPENAI_COMPATIBLE_PRESETS } from './openai-compatible.presets.js';

const providerFor = (id: string) =>
  new OpenAiCompatibleProvider(
    OPENAI_COMPATIBLE_PRESETS.find((preset) => preset.id === id)!,
    {} as UpstreamClient,
    loadClientConfig({}),
  );

describe('request quirks', () => {
  const request = {
    model: 'mistral/x',
    messages: [
      { role: 'user' as const, content: 'Hi', name: 'alice' },
      { role: 'assistant' as const, content: null, tool_calls: [{ id: 'call_abc', type: 'function' as const, function: { name: 'f', arguments: '{}' } }] },
      { role: 'tool' as const, tool_call_id: 'call_abc', content: 'ok' },
    ],
    seed: 3,
    max_completion_tokens: 10,
    stream_options: { include_usage: true },
    logprobs: true,
    custom: { kept: true },
  };

  it('leaves an OpenAI request as the client sent it, except the model', () => {
    expect(providerFor('openai').toUpstreamBody(request, 'gpt-4o')).toEqual({ ...request, model: 'gpt-4o' });
  });

  it('rewrites Mistral ids consistently and renames its fields', () => {
    const body = providerFor('mistral').toUpstreamBody(request, 'mistral-large-latest');
    const messages = body.messages as Array<{ tool_calls?: Array<{ id: string }>; tool_call_id?: string }>;
    expect(messages[1].tool_calls![0].id).toMatch(/^[a-zA-Z0-9]{9}$/);
    expect(messages[2].tool_call_id).toBe(messages[1].tool_calls![0].id);
    expect(body).toMatchObject({ random_seed: 3, max_tokens: 10, custom: { kept: true } });
    expect(body).not.toHaveProperty('seed');
    expect(body).not.toHaveProperty('stream_options');
    expect(body).not.toHaveProperty('max_completion_tokens');
    expect(request.messages[1].tool_calls![0].id).toBe('call_abc'); // the client's object is not mutated
  });

  it('drops what Groq rejects', () => {
    const body = providerFor('groq').toUpstreamBody(request, 'llama');
    expect(body).not.toHaveProperty('logprobs');
    expect((body.messages as Array<Record<string, unknown>>)[0]).toEqual({ role: 'user', content: 'Hi' });
  });

  it('keeps max_tokens when the client sent both', () => {
    const body = providerFor('ollama').toUpstreamBody({ model: 'm', messages: [], max_tokens: 5, max_completion_tokens: 10 }, 'm');
    expect(body).toMatchObject({ max_tokens: 5 });
    expect(body).not.toHaveProperty('max_completion_tokens');
  });
});

describe('Mistral tool-call ids', () => {
  it('keeps valid ids and maps others deterministically to 9 alphanumerics', () => {
    expect(toMistralToolCallId('aB3dE5fG7')).toBe('aB3dE5fG7');
    const mapped = toMistralToolCallId('toolu_01AbCdEf');
    expect(mapped).toMatch(/^[a-zA-Z0-9]{9}$/);
    expect(toMistralToolCallId('toolu_01AbCdEf')).toBe(mapped);
    expect(toMistralToolCallId('toolu_01AbCdEg')).not.toBe(mapped);
  });
});
