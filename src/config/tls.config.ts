import { registerAs } from '@nestjs/config';
import { ConfigError, type Env } from './env-parsers.js';

/** HTTPS is served when both paths are set; TLS 1.2 is the oldest protocol accepted. */
export function loadTlsConfig(env: Env) {
  const certPath = env.SERVER_TLS_CERT_PATH?.trim() || undefined;
  const keyPath = env.SERVER_TLS_KEY_PATH?.trim() || undefined;
  if (certPath && !keyPath) throw new ConfigError('SERVER_TLS_KEY_PATH', 'required when SERVER_TLS_CERT_PATH is set');
  if (keyPath && !certPath) throw new ConfigError('SERVER_TLS_CERT_PATH', 'required when SERVER_TLS_KEY_PATH is set');
  return { enabled: certPath !== undefined, certPath, keyPath };
}

export const tlsConfig = registerAs('tls', () => loadTlsConfig(process.env));
export type TlsConfig = ReturnType<typeof loadTlsConfig>;
