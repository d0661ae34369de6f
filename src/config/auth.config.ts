import { registerAs } from '@nestjs/config';
import { boolean, ConfigError, duration, httpUrl, type Env } from './env-parsers.js';

/** Seconds a token's `exp`/`nbf` may be off, for clocks that drift between issuer and gateway. */
export const CLOCK_TOLERANCE_SECONDS = 30;

export function loadAuthConfig(env: Env) {
  const enabled = boolean(env, 'AUTH_ENABLED', false);
  const issuer = env.AUTH_OIDC_ISSUER?.trim() ? httpUrl(env, 'AUTH_OIDC_ISSUER', '') : '';
  const audience = env.AUTH_OIDC_CLIENT_ID?.trim() ?? '';
  if (enabled && !issuer) {
    throw new ConfigError('AUTH_OIDC_ISSUER', 'required when AUTH_ENABLED is true (the issuer URL, e.g. https://sso.example.com/realms/acme)');
  }
  if (enabled && !audience) {
    throw new ConfigError('AUTH_OIDC_CLIENT_ID', 'required when AUTH_ENABLED is true (the audience every access token must carry)');
  }
  return {
    /** Every route except health checks (and the docs, see `docsPublic`) needs a bearer token. */
    enabled,
    /** The OpenID Connect issuer, without a trailing slash; its discovery document names the keys. */
    issuer,
    /** The value access tokens must carry in `aud`. */
    audience,
    /** Whether Swagger UI and the OpenAPI document stay open when authentication is on. */
    docsPublic: boolean(env, 'AUTH_DOCS_PUBLIC', true),
    clockToleranceSeconds: CLOCK_TOLERANCE_SECONDS,
    /** A token with an unknown `kid` makes the gateway fetch the key set again, at most this often. */
    jwksMinRefreshIntervalMs: duration(env, 'AUTH_JWKS_MIN_REFRESH_INTERVAL', '10s'),
  };
}

export const authConfig = registerAs('auth', () => loadAuthConfig(process.env));
export type AuthConfig = ReturnType<typeof loadAuthConfig>;
