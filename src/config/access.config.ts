import { registerAs } from '@nestjs/config';
import { existsSync } from 'node:fs';
import { ConfigError, oneOf, type Env } from './env-parsers.js';

export const ACCESS_FAIL_MODES = ['closed', 'open'] as const;
export type AccessFailMode = (typeof ACCESS_FAIL_MODES)[number];

/**
 * `ACCESS_CONFIG_PATH`: the YAML file of API keys, identity rules, limits, budgets and prices
 * (none: no keys, no limits). `ACCESS_FAIL_MODE`: what a request gets while the shared store of
 * limits and budgets (Redis) cannot be reached: `closed` refuses it (503), `open` admits it
 * unchecked and logs that it did.
 */
export function loadAccessConfig(env: Env) {
  const path = env.ACCESS_CONFIG_PATH?.trim() ?? '';
  if (path && !existsSync(path)) throw new ConfigError('ACCESS_CONFIG_PATH', `no such file: ${path}`);
  return {
    /** Whether access control is on: every route but the public ones needs a key or a token. */
    enabled: path !== '',
    path,
    failMode: oneOf<AccessFailMode>(env, 'ACCESS_FAIL_MODE', ACCESS_FAIL_MODES, 'closed'),
  };
}

export const accessConfig = registerAs('access', () => loadAccessConfig(process.env));
export type AccessConfig = ReturnType<typeof loadAccessConfig>;
