import { Injectable } from '@nestjs/common';
import { DeploymentBreakers } from '../policies/deployment-breakers.js';
import type { DeploymentRoute, RouteGroup } from './route-deployment.js';
import type { RoutingStrategy } from './routing-file/routing-file.js';
import { RoutingTable } from './routing-table.js';

/**
 * A deployment's breaker as this replica sees it (its own breaker joined with the cooldowns other
 * replicas shared): `off` when its group has `cooldown: false`; `probing` once a cooldown is over
 * and the next request goes through as the probe.
 */
export type BreakerOverview = { state: 'off' | 'closed' | 'probing' } | { state: 'open'; until: Date };

/** One deployment of a group: what it calls, how it is weighed, and its breaker. Never a key or a URL. */
export interface DeploymentOverview {
  provider: string;
  model: string;
  weight: number;
  /** Its place in the group (1 first): the order `priority` tries deployments in. */
  priority: number;
  /** The variable its pool key is read from (a name, never the key). */
  apiKeyEnv?: string;
  breaker: BreakerOverview;
}

/** An alias, or a routed `provider/model` id, of the routing file in force. */
export interface RouteGroupOverview {
  name: string;
  strategy: RoutingStrategy;
  fallbacks: readonly string[];
  deployments: DeploymentOverview[];
}

export interface RoutingOverviewSnapshot {
  aliases: RouteGroupOverview[];
  /** Routed `provider/model` ids: the file's `routes`, and plain ids named only as fallbacks. */
  routes: RouteGroupOverview[];
}

/** What the routing file in force holds and the state of each deployment's breaker, read-only (for the status endpoint). */
@Injectable()
export class RoutingOverview {
  constructor(
    private readonly table: RoutingTable,
    private readonly breakers: DeploymentBreakers,
  ) {}

  /** Empty lists when routing is off. */
  snapshot(now = Date.now()): RoutingOverviewSnapshot {
    const routing = this.table.current;
    if (!routing) return { aliases: [], routes: [] };
    const aliases = [...routing.aliases.values()];
    const aliasNames = new Set(aliases.map((group) => group.name));
    const routes = [...routing.groups.values()].filter((group) => !aliasNames.has(group.name));
    return { aliases: aliases.map((group) => this.groupOf(group, now)), routes: routes.map((group) => this.groupOf(group, now)) };
  }

  private groupOf(group: RouteGroup, now: number): RouteGroupOverview {
    return {
      name: group.name,
      strategy: group.strategy,
      fallbacks: group.fallbacks,
      deployments: group.deployments.map((route) => this.deploymentOf(route, now)),
    };
  }

  private deploymentOf(route: DeploymentRoute, now: number): DeploymentOverview {
    const { deployment } = route;
    return {
      provider: route.provider.id,
      model: route.upstreamModel,
      weight: deployment.weight,
      priority: deployment.index + 1,
      ...(deployment.apiKeyEnv ? { apiKeyEnv: deployment.apiKeyEnv } : {}),
      breaker: this.breakerOf(route, now),
    };
  }

  private breakerOf(route: DeploymentRoute, now: number): BreakerOverview {
    const breaker = this.breakers.of(route);
    if (!breaker) return { state: 'off' };
    switch (breaker.state) {
      case 'closed':
        return { state: 'closed' };
      case 'half_open':
        return { state: 'probing' };
      case 'open': {
        const until = breaker.cooldownEnd;
        return until !== undefined && until > now ? { state: 'open', until: new Date(until) } : { state: 'probing' };
      }
    }
  }
}
