import { render } from 'preact';
import { App } from './app';
import { CALLBACK_PATH } from './auth/callback-path';
import { loadUiSettings, type UiSettings } from './auth/ui-settings';
import './styles.css';

/** Reads the UI settings, finishes a sign-in when the identity provider sent the browser back, then renders. */
async function start(root: HTMLElement): Promise<void> {
  let settings: UiSettings;
  try {
    settings = await loadUiSettings();
  } catch (error) {
    root.textContent = `The UI could not load its settings: ${String(error)}`;
    return;
  }
  // oidc-client-ts is loaded only where sign-in is configured: a gateway without it never sends that code.
  const signIn = settings.authEnabled && settings.clientId ? new (await import('./auth/oidc-sign-in')).OidcSignIn(settings) : undefined;
  let notice: string | undefined;
  if (location.pathname === CALLBACK_PATH) {
    let returnTo = '/ui/';
    try {
      if (!signIn) throw new Error('sign-in is not configured (AUTH_UI_CLIENT_ID)');
      returnTo = await signIn.completeSignIn();
    } catch (error) {
      notice = `Sign-in failed: ${error instanceof Error ? error.message : String(error)}`;
    }
    history.replaceState(null, '', returnTo);
  }
  render(<App settings={settings} signIn={signIn} notice={notice} />, root);
}

const root = document.getElementById('app');
if (root) void start(root);
