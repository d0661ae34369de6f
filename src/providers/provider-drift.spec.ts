import { ConfigModule } from '@nestjs/config';
import { Test, type TestingModule } from '@nestjs/testing';
import { existsSync, readdirSync } from 'node:fs';
import { PROVIDER_MOCKS } from '../../test/support/provider-mocks.js';
import { clientConfig, loadClientConfig } from '../config/client.config.js';
import { loadProvidersConfig, providersConfig } from './providers.config.js';
import { routingConfig } from '../core/routing/routing.config.js';
import { OPENAI_COMPATIBLE_PRESETS } from './openai-compatible/openai-compatible.presets.js';
import { PROVIDER_CATALOG, PROVIDER_IDS } from './provider-catalog.js';
import { ProviderFactory } from './provider.factory.js';
import { ProvidersModule } from './providers.module.js';

/**
 * Every provider the gateway knows must be complete: a strategy, configuration derived from the
 * catalogue, a models mapping that works against a mock speaking the provider's wire format, and
 * recorded stream fixtures for the native (non-OpenAI-format) translators.
 */
describe('provider roster', () => {
  let moduleRef: TestingModule;
  let factory: ProviderFactory;

  beforeAll(async () => {
    moduleRef = await Test.createTestingModule({
      imports: [ConfigModule.forRoot({ isGlobal: true, ignoreEnvFile: true, load: [clientConfig, providersConfig, routingConfig] }), ProvidersModule],
    }).compile();
    await moduleRef.init();
    factory = moduleRef.get(ProviderFactory);
  });
  afterAll(() => moduleRef?.close());

  it('has exactly one strategy per catalogued provider, and none beyond it', () => {
    expect(factory.ids().sort()).toEqual([...PROVIDER_IDS].sort());
    expect(new Set(PROVIDER_IDS).size).toBe(PROVIDER_IDS.length);
  });

  it.each(PROVIDER_CATALOG.map((descriptor) => [descriptor.id, descriptor] as const))(
    'derives %s configuration from <ID>_API_URL and <ID>_API_KEY',
    (id, descriptor) => {
      const prefix = id.toUpperCase();
      expect(() => new URL(descriptor.defaultUrl.replace(/\{[A-Z_]+\}/g, 'placeholder'))).not.toThrow();
      const configured = loadProvidersConfig({ [`${prefix}_API_URL`]: 'https://upstream.example/base/', [`${prefix}_API_KEY`]: 'key-1' }).providers[id];
      expect(configured).toMatchObject({ baseUrl: 'https://upstream.example/base', apiKey: 'key-1' });
      expect(configured.unusableReason).toBeUndefined();
      const unset = loadProvidersConfig({}).providers[id];
      expect(unset.baseUrl).toBe(descriptor.defaultUrl);
      if (descriptor.requiresKey) expect(unset.unusableReason).toContain(`${prefix}_`);
    },
  );

  it.each([...PROVIDER_IDS])('lists %s models through its models mapping against its mock upstream', async (id) => {
    expect(PROVIDER_MOCKS[id]).toBeDefined();
    const mock = await PROVIDER_MOCKS[id]();
    try {
      const models = await factory
        .get(id)!
        .listModels({ credentials: { baseUrl: mock.baseUrl, apiKey: mock.apiKey }, signal: AbortSignal.timeout(5000), limits: loadClientConfig({}) });
      expect(models.length).toBeGreaterThan(0);
      for (const model of models) {
        expect(model).toEqual({ id: expect.any(String), object: 'model', created: expect.any(Number), owned_by: expect.any(String) });
        expect(model.id).not.toMatch(new RegExp(`^${id}/`));
      }
    } finally {
      await mock.close();
    }
  });

  it.each(PROVIDER_IDS.filter((id) => !OPENAI_COMPATIBLE_PRESETS.some((preset) => preset.id === id)))(
    'has recorded stream fixtures for the native %s translator',
    (id) => {
      const directory = new URL(`./${id}/__fixtures__/`, import.meta.url);
      expect(existsSync(directory)).toBe(true);
      expect(readdirSync(directory).filter((name) => name.endsWith('.chunks.txt')).length).toBeGreaterThanOrEqual(3);
    },
  );
});
