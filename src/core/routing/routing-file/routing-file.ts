/** How an alias orders its deployments for each request. */
export const ROUTING_STRATEGIES = ['round_robin', 'weighted', 'priority', 'least_busy', 'latency'] as const;
export type RoutingStrategy = (typeof ROUTING_STRATEGIES)[number];

/** `retries`: tries per deployment before the next one is tried. */
export interface RetrySettings {
  /** Tries per deployment; 1 means no retry. */
  attempts: number;
  /** The first wait between two tries (it grows exponentially, with jitter). */
  backoffMs: number;
  /** The longest `retry-after` the gateway waits for; a longer one moves on to the next deployment at once. */
  maxRetryAfterMs: number;
}

/** `cooldown`: the circuit breaker of each deployment. */
export interface CooldownSettings {
  /** Failures within `windowMs` that open the breaker. */
  failures: number;
  windowMs: number;
  /** How long an open breaker skips the deployment before it lets one probe through. */
  durationMs: number;
}

/** One upstream an alias (or a route) may send a request to. */
export interface DeploymentSettings {
  provider: string;
  model: string;
  /** Share of the traffic under the `weighted` strategy. */
  weight: number;
  /** The environment variable the key was read from (its name, never its value, may be shown). */
  apiKeyEnv?: string;
  /** The key to call with: `api_key_env`'s value, or the provider's own key. */
  apiKey?: string;
  /** `api_url`, or the provider's own base URL. */
  baseUrl: string;
  /** Bound on the time to the first event (the whole answer when not streaming). */
  timeoutMs?: number;
}

/** What a request for an alias or a routed `provider/model` may try, and how. */
export interface RouteGroupSettings {
  /** The alias, or the `provider/model` id of a route. */
  name: string;
  strategy: RoutingStrategy;
  retries: RetrySettings;
  /** Undefined when the breaker is turned off (`cooldown: false`). */
  cooldown?: CooldownSettings;
  deployments: DeploymentSettings[];
  /** Aliases or `provider/model` ids tried, in order, once every deployment failed. */
  fallbacks: string[];
}

/** The routing file, validated: aliases (`models`) and routed `provider/model` ids (`routes`). */
export interface RoutingFile {
  aliases: ReadonlyMap<string, RouteGroupSettings>;
  /** Keyed by `provider/model` with the provider id lower-cased. */
  routes: ReadonlyMap<string, RouteGroupSettings>;
  /** Plain `provider/model` ids named as fallbacks that have no `routes` entry of their own. */
  plainFallbacks: ReadonlyMap<string, RouteGroupSettings>;
  /** Every pool key read from an `api_key_env` variable (to keep them out of logs and errors). */
  secrets: readonly string[];
}

export const DEFAULT_RETRIES: RetrySettings = { attempts: 1, backoffMs: 200, maxRetryAfterMs: 10_000 };
export const DEFAULT_COOLDOWN: CooldownSettings = { failures: 3, windowMs: 60_000, durationMs: 30_000 };
export const EMPTY_ROUTING_FILE: RoutingFile = { aliases: new Map(), routes: new Map(), plainFallbacks: new Map(), secrets: [] };
