import { Test } from '@nestjs/testing';
import { DiscoveryModule } from '@nestjs/core';
import { loadClientConfig } from '../config/client.config.js';
import type { UpstreamClient } from '../common/http/upstream-client.js';
import { OpenAiCompatibleProvider } from './openai-compatible/openai-compatible.provider.js';
import { OPENAI_COMPATIBLE_PRESETS } from './openai-compatible/openai-compatible.presets.js';
import { PROVIDER_IDS } from './provider-catalog.js';
import { ProviderFactory } from './provider.factory.js';

const strategy = (id: string, token = id) => ({
  provide: `LlmProvider:${token}`,
  useFactory: () => new OpenAiCompatibleProvider({ ...OPENAI_COMPATIBLE_PRESETS[0], id }, {} as UpstreamClient, loadClientConfig({})),
});

async function boot(providers: ReturnType<typeof strategy>[]) {
  const module = await Test.createTestingModule({ imports: [DiscoveryModule], providers: [ProviderFactory, ...providers] }).compile();
  await module.init();
  return module.get(ProviderFactory);
}

describe('ProviderFactory', () => {
  // One stand-in strategy per catalogued id (native providers included).
  const all = PROVIDER_IDS.map((id) => strategy(id));

  it('finds every strategy registered with the decorator', async () => {
    const factory = await boot(all);
    expect(factory.ids().sort()).toEqual([...PROVIDER_IDS].sort());
    expect(factory.get('mistral')?.id).toBe('mistral');
  });

  it('stops the boot when two strategies claim one id', async () => {
    await expect(boot([...all, strategy('openai', 'second-openai')])).rejects.toThrow('Two LLM provider strategies claim the id "openai"');
  });

  it('stops the boot when a catalogued provider has no strategy', async () => {
    await expect(boot(all.filter((entry) => entry.provide !== 'LlmProvider:groq'))).rejects.toThrow('No LLM provider strategy for: groq');
  });
});
