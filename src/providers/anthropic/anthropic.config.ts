import { registerAs } from '@nestjs/config';
import { integer, type Env } from '../../config/env-parsers.js';

/** Settings of the Anthropic strategy beyond `ANTHROPIC_API_URL` / `ANTHROPIC_API_KEY`. */
export function loadAnthropicConfig(env: Env) {
  return {
    /** `max_tokens` sent when the client sets no limit: Anthropic requires one, and every Claude model allows 4096. */
    defaultMaxTokens: integer(env, 'ANTHROPIC_DEFAULT_MAX_TOKENS', 4096, 1, 1_000_000),
  };
}

export const anthropicConfig = registerAs('anthropic', () => loadAnthropicConfig(process.env));
export type AnthropicConfig = ReturnType<typeof loadAnthropicConfig>;
