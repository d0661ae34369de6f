import { registerAs } from '@nestjs/config';
import { list, type Env } from './env-parsers.js';

export function loadRoutingConfig(env: Env) {
  return {
    /** Entries are full ids (`openai/gpt-4o`) or bare model names (`gpt-4o`), lower-cased. */
    allowedModels: list(env, 'ALLOWED_MODELS').map((entry) => entry.toLowerCase()),
    disallowedModels: list(env, 'DISALLOWED_MODELS').map((entry) => entry.toLowerCase()),
  };
}

export const routingConfig = registerAs('routing', () => loadRoutingConfig(process.env));
export type RoutingConfig = ReturnType<typeof loadRoutingConfig>;
