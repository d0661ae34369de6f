import { Injectable, OnModuleInit } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import { LlmProvider, RegisterLlmProvider } from './llm-provider.js';
import { PROVIDER_IDS } from './provider-catalog.js';

/**
 * Knows every LLM provider strategy by id. Strategies are found through their decorator; a
 * duplicate id, or a catalogued provider without a strategy, stops the gateway at boot.
 */
@Injectable()
export class ProviderFactory implements OnModuleInit {
  private readonly strategies = new Map<string, LlmProvider>();

  constructor(private readonly discovery: DiscoveryService) {}

  onModuleInit(): void {
    const found = this.discovery.getProviders({ metadataKey: RegisterLlmProvider.KEY });
    for (const wrapper of found) {
      const strategy = wrapper.instance as LlmProvider | undefined;
      if (!(strategy instanceof LlmProvider)) continue;
      if (this.strategies.has(strategy.id)) throw new Error(`Two LLM provider strategies claim the id "${strategy.id}".`);
      this.strategies.set(strategy.id, strategy);
    }
    const missing = PROVIDER_IDS.filter((id) => !this.strategies.has(id));
    if (missing.length > 0) throw new Error(`No LLM provider strategy for: ${missing.join(', ')}.`);
  }

  get(id: string): LlmProvider | undefined {
    return this.strategies.get(id);
  }

  ids(): string[] {
    return [...this.strategies.keys()];
  }
}
