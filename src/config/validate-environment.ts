import { loadAnthropicConfig } from '../providers/anthropic/anthropic.config.js';
import { loadAuthConfig } from './auth.config.js';
import { loadClientConfig } from './client.config.js';
import { loadCorsConfig } from './cors.config.js';
import type { Env } from './env-parsers.js';
import { loadProvidersConfig } from './providers.config.js';
import { loadRoutingConfig } from './routing.config.js';
import { loadServerConfig } from './server.config.js';
import { loadTlsConfig } from './tls.config.js';

/** Reads every namespace once, so a bad variable stops start-up before anything listens. */
export function validateEnvironment(env: Env): void {
  loadServerConfig(env);
  loadTlsConfig(env);
  loadCorsConfig(env);
  loadAuthConfig(env);
  loadClientConfig(env);
  loadRoutingConfig(env);
  loadProvidersConfig(env);
  loadAnthropicConfig(env);
}
