import { registerAs } from '@nestjs/config';
import { byteSize, ConfigError, duration, integer, type Env } from './env-parsers.js';

/**
 * How long the gateway keeps the responses it produced for providers without a Responses API of
 * their own (for `previous_response_id`, `GET` and `DELETE /v1/responses/{id}`): in Redis when
 * `REDIS_URL` is set, else in memory, at most `RESPONSES_STORE_MAX_ENTRIES` of them taking at most
 * `RESPONSES_STORE_MAX_MEMORY` (the oldest go first). `RESPONSES_STORE_TTL=0` stores nothing.
 */
export function loadResponsesConfig(env: Env) {
  // 30 days, as OpenAI keeps stored responses.
  const ttlMs = duration(env, 'RESPONSES_STORE_TTL', '720h');
  if (ttlMs > 8760 * 3_600_000) throw new ConfigError('RESPONSES_STORE_TTL', 'expected at most 8760h (a year)');
  return {
    storeTtlMs: ttlMs,
    maxEntries: integer(env, 'RESPONSES_STORE_MAX_ENTRIES', 1000, 1, 1_000_000),
    maxMemoryBytes: byteSize(env, 'RESPONSES_STORE_MAX_MEMORY', '256MiB'),
  };
}

export const responsesConfig = registerAs('responses', () => loadResponsesConfig(process.env));
export type ResponsesConfig = ReturnType<typeof loadResponsesConfig>;
