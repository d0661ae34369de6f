import { loadAnthropicConfig } from './providers/anthropic/anthropic.config.js';
import { loadAccessConfig } from './config/access.config.js';
import { loadAuthConfig } from './config/auth.config.js';
import { loadClientConfig } from './config/client.config.js';
import { loadCorsConfig } from './config/cors.config.js';
import { ConfigError, type Env } from './config/env-parsers.js';
import { loadImagesConfig } from './config/images.config.js';
import { loadLoggingConfig } from './config/logging.config.js';
import { loadMcpConfig } from './config/mcp.config.js';
import { loadProvidersConfig } from './providers/providers.config.js';
import { loadRedisConfig } from './config/redis.config.js';
import { loadResponsesConfig } from './config/responses.config.js';
import { loadRoutingConfig } from './core/routing/routing.config.js';
import { loadServerConfig } from './config/server.config.js';
import { loadTelemetryConfig } from './config/telemetry.config.js';
import { loadTlsConfig } from './config/tls.config.js';
import { loadUiConfig } from './config/ui.config.js';

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
  loadImagesConfig(env);
  loadMcpConfig(env);
  const telemetry = loadTelemetryConfig(env);
  if (telemetry.enabled && telemetry.metricsPort !== 0 && telemetry.metricsPort === server.port) {
    throw new ConfigError('TELEMETRY_METRICS_PORT', `must differ from SERVER_PORT (${server.port}): metrics are not served on the API port`);
  }
}
