import { registerAs } from '@nestjs/config';
import { boolean, ConfigError, type Env } from './env-parsers.js';

/** Where shared state (limits, budgets, cooldowns, stored responses) lives: a TCP host or a unix socket. */
export type RedisTarget =
  | { kind: 'tcp'; host: string; port: number; tls: boolean; username?: string; password?: string; db: number }
  | { kind: 'socket'; path: string; password?: string; db: number };

/**
 * `REDIS_URL` (`redis://[user:password@]host:port[/db]`, `rediss://` for TLS, or
 * `unix:///path/to/redis.sock[?db=N]`), `REDIS_TLS` (TLS with a `redis://` URL) and
 * `REDIS_PASSWORD` (instead of a password in the URL). Without `REDIS_URL`, state is kept in
 * memory, for one replica.
 */
export function loadRedisConfig(env: Env): { target?: RedisTarget } {
  const raw = env.REDIS_URL?.trim();
  if (!raw) return {};
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new ConfigError('REDIS_URL', 'expected redis://host:port, rediss://host:port or unix:///path/to/redis.sock');
  }
  const password = env.REDIS_PASSWORD?.trim() || (url.password ? decodeURIComponent(url.password) : undefined);
  const passwordPart = password ? { password } : {};
  if (url.protocol === 'unix:') {
    if (!url.pathname || url.pathname === '/') throw new ConfigError('REDIS_URL', 'a unix:// URL needs the socket path');
    return { target: { kind: 'socket', path: decodeURIComponent(url.pathname), db: database(url.searchParams.get('db') ?? '0'), ...passwordPart } };
  }
  if (url.protocol !== 'redis:' && url.protocol !== 'rediss:')
    throw new ConfigError('REDIS_URL', `unsupported scheme "${url.protocol}"; use redis://, rediss:// or unix://`);
  if (!url.hostname) throw new ConfigError('REDIS_URL', 'the URL names no host');
  return {
    target: {
      kind: 'tcp',
      host: url.hostname.replace(/^\[|\]$/g, ''),
      port: url.port ? Number(url.port) : 6379,
      tls: url.protocol === 'rediss:' || boolean(env, 'REDIS_TLS', false),
      db: database(url.pathname.replace(/^\//, '') || '0'),
      ...(url.username ? { username: decodeURIComponent(url.username) } : {}),
      ...passwordPart,
    },
  };
}

function database(value: string): number {
  const db = Number(value);
  if (!Number.isInteger(db) || db < 0) throw new ConfigError('REDIS_URL', `the database must be a number, got "${value}"`);
  return db;
}

export const redisConfig = registerAs('redis', () => loadRedisConfig(process.env));
export type RedisConfig = ReturnType<typeof loadRedisConfig>;
