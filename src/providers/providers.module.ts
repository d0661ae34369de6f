import { Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { DiscoveryModule } from '@nestjs/core';
import { clientConfig, type ClientConfig } from '../config/client.config.js';
import { UpstreamClient } from '../common/http/upstream-client.js';
import { anthropicConfig } from './anthropic/anthropic.config.js';
import { AnthropicProvider } from './anthropic/anthropic.provider.js';
import { CohereProvider } from './cohere/cohere.provider.js';
import { OpenAiCompatibleProvider } from './openai-compatible/openai-compatible.provider.js';
import { OPENAI_COMPATIBLE_PRESETS } from './openai-compatible/openai-compatible.presets.js';
import { ProviderFactory } from './provider.factory.js';

const openAiCompatibleStrategies = OPENAI_COMPATIBLE_PRESETS.map((preset) => ({
  provide: `LlmProvider:${preset.id}`,
  useFactory: (client: UpstreamClient, timeouts: ClientConfig) => new OpenAiCompatibleProvider(preset, client, timeouts),
  inject: [UpstreamClient, clientConfig.KEY],
}));

@Module({
  imports: [DiscoveryModule, ConfigModule.forFeature(anthropicConfig)],
  providers: [UpstreamClient, ProviderFactory, ...openAiCompatibleStrategies, AnthropicProvider, CohereProvider],
  exports: [UpstreamClient, ProviderFactory],
})
export class ProvidersModule {}
