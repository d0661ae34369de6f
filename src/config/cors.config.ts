import { registerAs } from '@nestjs/config';
import { ConfigError, list, type Env } from './env-parsers.js';

/** Browsers may call the gateway only from the listed origins; none are listed by default (CORS off). */
export function loadCorsConfig(env: Env) {
  const allowedOrigins = list(env, 'CORS_ALLOWED_ORIGINS').map((entry) => toOrigin(entry));
  return { enabled: allowedOrigins.length > 0, allowedOrigins };
}

/** `*`, or an origin: scheme, host and optional port, nothing else (`https://app.example.com:8443`). */
function toOrigin(entry: string): string {
  if (entry === '*') return entry;
  let url: URL;
  try {
    url = new URL(entry);
  } catch {
    throw new ConfigError('CORS_ALLOWED_ORIGINS', `"${entry}" is not an origin such as https://app.example.com`);
  }
  const onlyOrigin = url.pathname === '/' && !url.search && !url.hash && !url.username && !url.password;
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || !onlyOrigin) {
    throw new ConfigError('CORS_ALLOWED_ORIGINS', `"${entry}" is not an origin such as https://app.example.com (scheme, host and port only)`);
  }
  return url.origin;
}

export const corsConfig = registerAs('cors', () => loadCorsConfig(process.env));
export type CorsConfig = ReturnType<typeof loadCorsConfig>;
