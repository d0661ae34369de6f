import { Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { GatewayTelemetry } from '../../common/telemetry/gateway-telemetry.service.js';
import type { DeploymentRoute } from '../routing/route-deployment.js';
import { RoutingTable, type CompiledRouting } from '../routing/routing-table.js';
import { DeploymentBreaker } from './deployment-breaker.js';
import { SharedCooldowns } from './shared-cooldowns.js';

/** The labels of a deployment: bounded by the routing file, never a key. */
export interface DeploymentLabels {
  provider: string;
  model: string;
  alias: string;
  deployment: string;
}

export function deploymentLabels(route: DeploymentRoute): DeploymentLabels {
  return { provider: route.provider.id, model: route.upstreamModel, alias: route.deployment.group, deployment: String(route.deployment.index) };
}

/**
 * The circuit breakers of every deployment of the routing file in force (per replica, joined
 * through Redis when it is configured). A reload keeps the breaker of a deployment whose identity
 * and cooldown settings did not change, and drops the others. Opening and closing are logged and
 * exposed as a gauge.
 */
@Injectable()
export class DeploymentBreakers implements OnModuleInit {
  private readonly logger = new Logger('Routing');
  private readonly breakers = new Map<string, { breaker: DeploymentBreaker; labels: DeploymentLabels }>();

  constructor(
    private readonly table: RoutingTable,
    private readonly shared: SharedCooldowns,
    private readonly telemetry: GatewayTelemetry,
  ) {}

  onModuleInit(): void {
    this.table.onChange((routing) => this.install(routing));
    this.shared.onRemoteChange = (key, until) => {
      const entry = this.breakers.get(key);
      if (!entry) return;
      if (until > 0) this.logger.warn({ ...entry.labels, until: new Date(until).toISOString(), shared: true }, 'deployment cooling down');
      else this.logger.log({ ...entry.labels, shared: true }, 'deployment recovered');
    };
    this.telemetry.observeCooldowns(() => [...this.breakers.values()].map(({ breaker, labels }) => ({ labels, state: breaker.state })));
  }

  /** The breaker of a deployment, or undefined when its group turned breakers off. */
  of(route: DeploymentRoute): DeploymentBreaker | undefined {
    return this.breakers.get(route.deployment.key)?.breaker;
  }

  private install(routing: CompiledRouting): void {
    const keep = new Set<string>();
    for (const group of routing.groups.values()) {
      for (const route of group.deployments) {
        const { key, cooldown } = route.deployment;
        if (!cooldown) continue;
        keep.add(key);
        const existing = this.breakers.get(key)?.breaker;
        const same =
          existing?.settings.failures === cooldown.failures &&
          existing.settings.windowMs === cooldown.windowMs &&
          existing.settings.durationMs === cooldown.durationMs;
        if (same) continue;
        const labels = deploymentLabels(route);
        const breaker = new DeploymentBreaker(key, cooldown, this.shared, {
          opened: (until) => this.logger.warn({ ...labels, until: new Date(until).toISOString() }, 'deployment cooling down'),
          probing: () => this.logger.log(labels, 'deployment probed'),
          closed: () => this.logger.log(labels, 'deployment recovered'),
        });
        this.breakers.set(key, { breaker, labels });
      }
    }
    for (const key of this.breakers.keys()) if (!keep.has(key)) this.breakers.delete(key);
  }
}
