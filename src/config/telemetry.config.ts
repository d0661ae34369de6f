import { registerAs } from '@nestjs/config';
import { ConfigError, boolean, httpUrl, integer, type Env } from './env-parsers.js';

const TRACES_PATH = '/v1/traces';

export function loadTelemetryConfig(env: Env) {
  const enabled = boolean(env, 'TELEMETRY_ENABLED', false);
  const tracingEnabled = boolean(env, 'TELEMETRY_TRACING_ENABLED', false);
  if (tracingEnabled && !enabled) {
    throw new ConfigError('TELEMETRY_TRACING_ENABLED', 'tracing needs TELEMETRY_ENABLED=true as well');
  }
  return {
    /** Metrics (and, with `tracingEnabled`, traces); when false no OpenTelemetry code is loaded at all. */
    enabled,
    /** Address of the Prometheus endpoint, which is never on the API port. */
    metricsHost: (env.TELEMETRY_METRICS_HOST ?? '0.0.0.0').trim(),
    metricsPort: integer(env, 'TELEMETRY_METRICS_PORT', 9464, 0, 65535),
    tracingEnabled,
    /** OTLP/HTTP (protobuf) traces URL. */
    tracingOtlpEndpoint: toTracesUrl(httpUrl(env, 'TELEMETRY_TRACING_OTLP_ENDPOINT', 'http://localhost:4318')),
  };
}

/** A collector's base URL gets the OTLP traces path; a URL with a path is used as given. */
export function toTracesUrl(endpoint: string): string {
  const url = new URL(endpoint);
  if (url.pathname === '/' || url.pathname === '') url.pathname = TRACES_PATH;
  return url.toString();
}

export const telemetryConfig = registerAs('telemetry', () => loadTelemetryConfig(process.env));
export type TelemetryConfig = ReturnType<typeof loadTelemetryConfig>;
