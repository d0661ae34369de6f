import { Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { clientConfig, type ClientConfig } from '../config/client.config.js';
import { UpstreamClient } from '../common/http/upstream-client.js';
import { OpenAiCompatibleProvider } from './openai-compatible/openai-compatible.provider.js';
import { OPENAI_COMPATIBLE_PRESETS } from './openai-compatible/openai-compatible.presets.js';
import { ProviderFactory } from './provider.factory.js';
import { ProviderRouter } from './provider-router.js';

const openAiCompatibleStrategies = OPENAI_COMPATIBLE_PRESETS.map((preset) => ({
  provide: `LlmProvider:${preset.id}`,
  useFactory: (client: UpstreamClient, timeouts: ClientConfig) => new OpenAiCompatibleProvider(preset, client, timeouts),
  inject: [UpstreamClient, clientConfig.KEY],
}));

@Module({
  imports: [DiscoveryModule],
  providers: [UpstreamClient, ProviderFactory, ProviderRouter, ...openAiCompatibleStrategies],
  exports: [UpstreamClient, ProviderFactory, ProviderRouter],
})
export class ProvidersModule {}
