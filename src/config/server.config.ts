import { registerAs } from '@nestjs/config';
import { byteSize, duration, integer, oneOf, type Env } from './env-parsers.js';

export const ENVIRONMENTS = ['production', 'development', 'test'] as const;

export function loadServerConfig(env: Env) {
  return {
    environment: oneOf(env, 'ENVIRONMENT', ENVIRONMENTS, 'production'),
    host: (env.SERVER_HOST ?? '0.0.0.0').trim(),
    port: integer(env, 'SERVER_PORT', 8080, 0, 65535),
    /** Time allowed to receive a whole request (headers and body) from a client. */
    readTimeoutMs: duration(env, 'SERVER_READ_TIMEOUT', '30s'),
    /** Time a response write may stay blocked on a client that does not read. */
    writeTimeoutMs: duration(env, 'SERVER_WRITE_TIMEOUT', '30s'),
    /** Time an idle keep-alive connection is kept open. */
    idleTimeoutMs: duration(env, 'SERVER_IDLE_TIMEOUT', '120s'),
    maxRequestBodyBytes: byteSize(env, 'SERVER_MAX_REQUEST_BODY_SIZE', '10MiB'),
    /** Most JSON objects and arrays a request body may hold: what bounds the work a body costs, whatever its size. */
    maxRequestJsonObjects: integer(env, 'SERVER_MAX_REQUEST_JSON_OBJECTS', 30_000, 100, 10_000_000),
    /** Silence on a translated Anthropic Messages stream after which the gateway sends `event: ping`. */
    streamPingIntervalMs: duration(env, 'SERVER_STREAM_PING_INTERVAL', '10s'),
    /** After SIGTERM: time readiness reports 503 while the server still serves, so load balancers stop sending traffic. */
    shutdownDelayMs: duration(env, 'SERVER_SHUTDOWN_DELAY', '5s'),
    /** After the delay: time in-flight requests and streams get to finish before open streams are cut. */
    drainTimeoutMs: duration(env, 'SERVER_DRAIN_TIMEOUT', '60s'),
  };
}

export const serverConfig = registerAs('server', () => loadServerConfig(process.env));
export type ServerConfig = ReturnType<typeof loadServerConfig>;
