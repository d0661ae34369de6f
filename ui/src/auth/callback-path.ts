/** The client route the identity provider sends the browser back to (the redirect URI to register: `<gateway>/ui/auth/callback`). */
export const CALLBACK_PATH = '/ui/auth/callback';
