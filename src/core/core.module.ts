import { Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { ProvidersModule } from '../providers/providers.module.js';
import { CallHooks } from './hooks/call-hooks.js';
import { TelemetryHook } from './hooks/telemetry.hook.js';
import { InferenceService } from './inference.service.js';
import { ProviderRouter } from './routing/provider-router.js';
import { TokenCountService } from './token-count.service.js';

/** Routing, policies and the hooks around every provider call; no HTTP. */
@Module({
  imports: [DiscoveryModule, ProvidersModule],
  providers: [ProviderRouter, CallHooks, TelemetryHook, InferenceService, TokenCountService],
  exports: [ProviderRouter, InferenceService, TokenCountService, ProvidersModule],
})
export class CoreModule {}
