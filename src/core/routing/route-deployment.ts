import type { CooldownSettings, RetrySettings, RoutingStrategy } from './routing-file/routing-file.js';
import type { Route } from './provider-router.js';

/** What the routing file says about one deployment: set on the routes of aliases and routed ids. */
export interface RouteDeployment {
  /**
   * Stable identity of the deployment (its breaker, statistics and shared cooldown): derived from
   * its group, provider, model, URL and key variable, so every replica reading the same file, and
   * a reload that leaves it unchanged, agree on it.
   */
  key: string;
  /** The alias or routed `provider/model` it belongs to (the `alias` metric label). */
  group: string;
  /** Its position among the group's deployments. */
  index: number;
  weight: number;
  retries: RetrySettings;
  /** Undefined when the group's breaker is off. */
  cooldown?: CooldownSettings;
  /** Bound on the time to the first event (the whole answer when not streaming). */
  timeoutMs?: number;
  /** Whether its key came from `api_key_env` (a pool key, to keep out of error messages). */
  pooledKey: boolean;
  /** The `api_key_env` variable's name (never its value), to tell the deployments of a key pool apart. */
  apiKeyEnv?: string;
}

/** A route the routing file governs. */
export type DeploymentRoute = Route & { deployment: RouteDeployment };

/** An alias or routed id, compiled: its deployments as routes, in the file's order. */
export interface RouteGroup {
  name: string;
  strategy: RoutingStrategy;
  deployments: DeploymentRoute[];
  fallbacks: readonly string[];
  /** Turns taken, for round-robin order and for spreading ties. */
  turn: number;
}
