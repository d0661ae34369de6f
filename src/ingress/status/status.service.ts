import { Inject, Injectable } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { providersConfig } from '../../providers/providers.config.js';
import { ReadinessService } from '../../common/lifecycle/readiness.service.js';
import { ModelListRecorder, type ModelListFetch } from '../../core/models/model-list-recorder.js';
import { RoutingOverview, type BreakerOverview, type RouteGroupOverview } from '../../core/routing/routing-overview.js';
import { readGatewayVersion } from '../../common/lifecycle/gateway-version.js';
import type { BreakerStatusDto, GatewayStatusDto, ModelListStatusDto, ProviderStatusDto, RouteGroupStatusDto } from './status.dto.js';

/**
 * What an operator wants at a glance: version, readiness, each provider's configuration and model
 * list, and the routing file's aliases and routes with each deployment's breaker.
 */
@Injectable()
export class StatusService {
  private readonly version = readGatewayVersion();

  constructor(
    @Inject(providersConfig.KEY) private readonly providers: ConfigType<typeof providersConfig>,
    private readonly readiness: ReadinessService,
    private readonly recorder: ModelListRecorder,
    private readonly routing: RoutingOverview,
  ) {}

  status(): GatewayStatusDto {
    const routing = this.routing.snapshot();
    return {
      version: this.version,
      ready: this.readiness.isReady(),
      providers: Object.values(this.providers.providers).map((settings): ProviderStatusDto => ({
        id: settings.id,
        configured: !settings.unusableReason,
        ...(settings.unusableReason ? { reason: settings.unusableReason } : {}),
        models: toModelListStatus(this.recorder.last(settings.id)),
      })),
      aliases: routing.aliases.map(toRouteGroupStatus),
      routes: routing.routes.map(toRouteGroupStatus),
    };
  }
}

function toModelListStatus(fetch: ModelListFetch | undefined): ModelListStatusDto {
  if (!fetch) return { state: 'unknown' };
  const common = { fetched_at: fetch.fetchedAt.toISOString(), latency_ms: fetch.latencyMs };
  return fetch.state === 'ok' ? { state: 'ok', count: fetch.count, ...common } : { state: 'error', error: fetch.error, ...common };
}

function toRouteGroupStatus(group: RouteGroupOverview): RouteGroupStatusDto {
  return {
    name: group.name,
    strategy: group.strategy,
    fallbacks: [...group.fallbacks],
    deployments: group.deployments.map((deployment) => ({
      provider: deployment.provider,
      model: deployment.model,
      weight: deployment.weight,
      priority: deployment.priority,
      ...(deployment.apiKeyEnv ? { api_key_env: deployment.apiKeyEnv } : {}),
      breaker: toBreakerStatus(deployment.breaker),
    })),
  };
}

function toBreakerStatus(breaker: BreakerOverview): BreakerStatusDto {
  return breaker.state === 'open' ? { state: 'open', until: breaker.until.toISOString() } : { state: breaker.state };
}
