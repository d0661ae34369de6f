import { InvalidRequestError, PermissionError } from '../../common/errors/gateway-error.js';
import { loadProvidersConfig } from '../../providers/providers.config.js';
import { loadRoutingConfig } from './routing.config.js';
import type { LlmProvider } from '../../providers/llm-provider.js';
import type { ProviderFactory } from '../../providers/provider.factory.js';
import { DeploymentStats } from './deployment-stats.js';
import { ProviderRouter } from './provider-router.js';
import type { RoutingTable } from './routing-table.js';

function routerFor(env: Record<string, string>): ProviderRouter {
  const strategies = new Map(['openai', 'groq', 'cloudflare', 'ollama'].map((id) => [id, { id } as LlmProvider]));
  const factory = { get: (id: string) => strategies.get(id), ids: () => [...strategies.keys()] } as unknown as ProviderFactory;
  return new ProviderRouter(factory, loadProvidersConfig(env), loadRoutingConfig(env), { current: undefined } as RoutingTable, new DeploymentStats());
}

describe('ProviderRouter', () => {
  const router = routerFor({ OPENAI_API_KEY: 'sk-1', CLOUDFLARE_API_KEY: 'cf', CLOUDFLARE_API_URL: 'https://cf.example/ai' });

  it('splits the provider prefix at the first slash only', () => {
    const route = router.resolve('cloudflare/@cf/meta/llama-3.1-8b-instruct');
    expect(route.provider.id).toBe('cloudflare');
    expect(route.upstreamModel).toBe('@cf/meta/llama-3.1-8b-instruct');
    expect(route.modelId).toBe('cloudflare/@cf/meta/llama-3.1-8b-instruct');
    expect(route.credentials).toEqual({ baseUrl: 'https://cf.example/ai', apiKey: 'cf' });
  });

  it('uses ?provider= and leaves the model untouched', () => {
    const route = router.resolve('org/model-with-slash', 'OpenAI');
    expect(route.provider.id).toBe('openai');
    expect(route.upstreamModel).toBe('org/model-with-slash');
  });

  it.each([
    ['gpt-4o', undefined, 'missing_provider'],
    ['/gpt-4o', undefined, 'missing_provider'],
    ['nobody/gpt-4o', undefined, 'unknown_provider'],
    ['gpt-4o', 'nobody', 'unknown_provider'],
    ['openai/', undefined, 'invalid_model'],
    ['groq/llama', undefined, 'provider_not_configured'],
  ])('refuses %s (provider %s) with %s', (model, provider, code) => {
    expect(() => router.resolve(model, provider)).toThrow(InvalidRequestError);
    try {
      router.resolve(model, provider);
    } catch (error) {
      expect((error as InvalidRequestError).code).toBe(code);
    }
  });

  it('applies ALLOWED_MODELS and DISALLOWED_MODELS to full ids and bare names, case-insensitively', () => {
    const limited = routerFor({ OPENAI_API_KEY: 'k', GROQ_API_KEY: 'g', ALLOWED_MODELS: 'openai/gpt-4o,Llama-3', DISALLOWED_MODELS: 'GROQ/llama-3' });
    expect(limited.resolve('openai/GPT-4O').upstreamModel).toBe('GPT-4O');
    expect(() => limited.resolve('openai/gpt-4o-mini')).toThrow(PermissionError);
    expect(() => limited.resolve('groq/llama-3')).toThrow(PermissionError);
    expect(limited.isModelAllowed('ollama', 'llama-3')).toBe(true);
  });

  it('lists only the providers that can be called', () => {
    expect(
      router
        .usableProviders()
        .map((entry) => entry.provider.id)
        .sort(),
    ).toEqual(['cloudflare', 'ollama', 'openai']);
  });
});
