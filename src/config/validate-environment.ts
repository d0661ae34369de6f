import { loadAnthropicConfig } from '../providers/anthropic/anthropic.config.js';
import { loadAccessConfig } from './access.config.js';
import { loadAuthConfig } from './auth.config.js';
import { loadClientConfig } from './client.config.js';
import { loadCorsConfig } from './cors.config.js';
import { ConfigError, type Env } from './env-parsers.js';
import { loadLoggingConfig } from './logging.config.js';
import { loadMcpConfig } from './mcp.config.js';
import { loadProvidersConfig } from './providers.config.js';
import { loadRedisConfig } from './redis.config.js';
import { loadResponsesConfig } from './responses.config.js';
import { loadRoutingConfig } from './routing.config.js';
import { loadServerConfig } from './server.config.js';
import { loadTelemetryConfig } from './telemetry.config.js';
import { loadTlsConfig } from './tls.config.js';
import { loadUiConfig } from './ui.config.js';

/** Reads every namespace once, so a bad variable stops start-up before anything listens. */
export function validateEnvironment(env: Env): void {
  const server = loadServerConfig(env);
  loadTlsConfig(env);
  loadCorsConfig(env);
  loadAuthConfig(env);
  loadAccessConfig(env);
  loadClientConfig(env);
  loadRoutingConfig(env);
  loadProvidersConfig(env);
  loadRedisConfig(env);
  loadResponsesConfig(env);
  loadAnthropicConfig(env);
  loadLoggingConfig(env);
  loadUiConfig(env);
  loadMcpConfig(env);
  const telemetry = loadTelemetryConfig(env);
  if (telemetry.enabled && telemetry.metricsPort !== 0 && telemetry.metricsPort === server.port) {
    throw new ConfigError('TELEMETRY_METRICS_PORT', `must differ from SERVER_PORT (${server.port}): metrics are not served on the API port`);
  }
}
