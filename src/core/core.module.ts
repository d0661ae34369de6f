import { Module } from '@nestjs/common';
import { DiscoveryModule } from '@nestjs/core';
import { ProvidersModule } from '../providers/providers.module.js';
import { CallHooks } from './hooks/call-hooks.js';
import { TelemetryHook } from './hooks/telemetry.hook.js';
import { InferenceService } from './inference.service.js';
import { DeploymentBreakers } from './policies/deployment-breakers.js';
import { SharedCooldowns } from './policies/shared-cooldowns.js';
import { AttemptRunner } from './routing/attempt-runner.js';
import { DeploymentStats } from './routing/deployment-stats.js';
import { ProviderRouter } from './routing/provider-router.js';
import { RoutingOverview } from './routing/routing-overview.js';
import { RoutingTable } from './routing/routing-table.js';
import { TokenCountService } from './token-count.service.js';
import { ServerToolSources } from './tools/server-tool-sources.js';

/** Routing, policies and the hooks around every provider call; no HTTP. */
@Module({
  imports: [DiscoveryModule, ProvidersModule],
  providers: [
    RoutingTable,
    DeploymentStats,
    SharedCooldowns,
    DeploymentBreakers,
    AttemptRunner,
    ProviderRouter,
    CallHooks,
    TelemetryHook,
    ServerToolSources,
    InferenceService,
    TokenCountService,
    RoutingOverview,
  ],
  exports: [ProviderRouter, InferenceService, TokenCountService, RoutingOverview, ProvidersModule],
})
export class CoreModule {}
