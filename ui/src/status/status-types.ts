/** `GET /v1/status`. */
export interface GatewayStatus {
  version: string;
  ready: boolean;
  providers: ProviderStatus[];
  /** The routing file's aliases; absent from gateways older than routing. */
  aliases?: RouteGroupStatus[];
  /** Routed `provider/model` ids. */
  routes?: RouteGroupStatus[];
}

export interface ProviderStatus {
  id: string;
  configured: boolean;
  reason?: string;
  models: {
    state: 'ok' | 'error' | 'unknown';
    count?: number;
    fetched_at?: string;
    latency_ms?: number;
    error?: string;
  };
}

export interface RouteGroupStatus {
  name: string;
  strategy: 'round_robin' | 'weighted' | 'priority' | 'least_busy' | 'latency';
  fallbacks: string[];
  deployments: DeploymentStatus[];
}

export interface DeploymentStatus {
  provider: string;
  model: string;
  weight: number;
  /** Its place in the list, 1 first. */
  priority: number;
  api_key_env?: string;
  breaker: { state: 'closed' | 'open' | 'probing' | 'off'; until?: string };
}

/** `GET /health/ready`: terminus's result; `error`/`details` say what holds readiness back. */
export interface ReadinessResult {
  status: string;
  error?: Record<string, { status: string } & Record<string, unknown>>;
}
