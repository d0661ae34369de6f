import { registerAs } from '@nestjs/config';
import { oneOf, type Env } from './env-parsers.js';

export const LOG_LEVELS = ['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent'] as const;

export function loadLoggingConfig(env: Env) {
  return {
    level: oneOf(env, 'LOG_LEVEL', LOG_LEVELS, 'info'),
  };
}

export const loggingConfig = registerAs('logging', () => loadLoggingConfig(process.env));
export type LoggingConfig = ReturnType<typeof loadLoggingConfig>;
