/** What the browser app needs to know before its first API call: `GET /ui/config.json`. */
export interface UiSettings {
  /** Whether API calls need a bearer token or an API key (AUTH_ENABLED, or an access file). */
  authEnabled: boolean;
  /** The OpenID Connect issuer to sign in with; empty without authentication. */
  issuer: string;
  /** The public client for sign-in with PKCE (AUTH_UI_CLIENT_ID); empty: only a pasted token or key. */
  clientId: string;
  /** Whether the gateway keeps usage (an access file): `GET /v1/usage` and the UI's Usage page. */
  usage: boolean;
}
