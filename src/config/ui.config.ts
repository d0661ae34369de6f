import { registerAs } from '@nestjs/config';
import { boolean, ConfigError, type Env } from './env-parsers.js';

/** An OAuth client id as identity providers issue them: printable, no spaces. */
const CLIENT_ID = /^[\x21-\x7e]+$/;

export function loadUiConfig(env: Env) {
  const clientId = env.AUTH_UI_CLIENT_ID?.trim() ?? '';
  if (clientId && !CLIENT_ID.test(clientId)) {
    throw new ConfigError('AUTH_UI_CLIENT_ID', `expected an OAuth client id (printable characters, no spaces), got "${clientId}"`);
  }
  return {
    /** Whether the gateway serves the web UI under /ui (and redirects / there). */
    enabled: boolean(env, 'UI_ENABLED', true),
    /** The public OAuth client the web UI signs in with (authorization code + PKCE); empty: sign-in by pasted token only. */
    clientId,
  };
}

export const uiConfig = registerAs('ui', () => loadUiConfig(process.env));
export type UiConfig = ReturnType<typeof loadUiConfig>;
