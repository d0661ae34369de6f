import { InMemoryWebStorage, UserManager, WebStorageStateStore } from 'oidc-client-ts';
import { CALLBACK_PATH } from './callback-path';
import { setToken } from './credentials';
import type { UiSettings } from './ui-settings';

/**
 * Sign-in with the authorization code flow and PKCE (oidc-client-ts) against AUTH_OIDC_ISSUER as
 * the public client AUTH_UI_CLIENT_ID. The user (and so the access token) is kept in memory only;
 * only the short-lived PKCE state waits in sessionStorage while the browser is at the identity provider.
 */
export class OidcSignIn {
  private readonly manager: UserManager;

  constructor(settings: UiSettings) {
    this.manager = new UserManager({
      authority: settings.issuer,
      client_id: settings.clientId,
      redirect_uri: `${location.origin}${CALLBACK_PATH}`,
      response_type: 'code',
      scope: 'openid',
      userStore: new WebStorageStateStore({ store: new InMemoryWebStorage() }),
      loadUserInfo: false,
      automaticSilentRenew: false,
    });
  }

  /** Leaves for the identity provider; `returnTo` is where the UI goes once back. */
  async signIn(returnTo: string): Promise<void> {
    await this.manager.signinRedirect({ state: returnTo });
  }

  /** Finishes a sign-in on the callback route; returns the path to go back to. */
  async completeSignIn(): Promise<string> {
    const user = await this.manager.signinRedirectCallback();
    setToken(user.access_token, 'sign-in');
    return typeof user.state === 'string' && user.state.startsWith('/ui/') ? user.state : '/ui/';
  }

  async signOut(): Promise<void> {
    setToken(undefined);
    await this.manager.removeUser();
  }
}
