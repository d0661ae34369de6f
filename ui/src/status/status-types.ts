/** `GET /v1/status`. `aliases` and `usage` appear once the gateway has routing aliases and usage accounting. */
export interface GatewayStatus {
  version: string;
  ready: boolean;
  providers: ProviderStatus[];
  aliases?: unknown;
  usage?: unknown;
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

/** `GET /health/ready`: terminus's result; `error`/`details` say what holds readiness back. */
export interface ReadinessResult {
  status: string;
  error?: Record<string, { status: string } & Record<string, unknown>>;
}
