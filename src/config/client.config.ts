import { registerAs } from '@nestjs/config';
import { byteSize, duration, integer, type Env } from './env-parsers.js';

export function loadClientConfig(env: Env) {
  return {
    /** Bound on a whole non-streaming upstream call (generation included). */
    timeoutMs: duration(env, 'CLIENT_TIMEOUT', '300s'),
    /** Bound on the time until a stream's response headers and first event arrive. */
    responseHeaderTimeoutMs: duration(env, 'CLIENT_RESPONSE_HEADER_TIMEOUT', '60s'),
    /** Bound on silence between two events of a stream; a stream's total length is not bounded. */
    streamIdleTimeoutMs: duration(env, 'CLIENT_STREAM_IDLE_TIMEOUT', '60s'),
    connectTimeoutMs: duration(env, 'CLIENT_CONNECT_TIMEOUT', '10s'),
    /** How long an unused upstream keep-alive connection stays in the pool. */
    idleConnectionTimeoutMs: duration(env, 'CLIENT_IDLE_CONN_TIMEOUT', '30s'),
    /** Upper bound on concurrent connections per provider (0: unbounded, as streams hold one each). */
    maxConnectionsPerHost: integer(env, 'CLIENT_MAX_CONNS_PER_HOST', 0, 0, 100_000),
    /** The largest answer body read whole from a provider (a bigger one is a 502, never memory without end). */
    maxResponseBodyBytes: byteSize(env, 'CLIENT_MAX_RESPONSE_BODY_SIZE', '32MiB'),
    /** The largest single event of a provider's stream. */
    maxStreamEventBytes: byteSize(env, 'CLIENT_MAX_STREAM_EVENT_SIZE', '8MiB'),
    /** Timeout for each provider when listing models. */
    modelsTimeoutMs: duration(env, 'CLIENT_MODELS_TIMEOUT', '5s'),
    /** How long a provider's model list is cached. */
    modelsCacheTtlMs: duration(env, 'CLIENT_MODELS_CACHE_TTL', '60s'),
  };
}

export const clientConfig = registerAs('client', () => loadClientConfig(process.env));
export type ClientConfig = ReturnType<typeof loadClientConfig>;
