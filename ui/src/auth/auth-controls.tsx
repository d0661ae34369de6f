import { useState } from 'preact/hooks';
import { setToken } from './credentials';
import type { OidcSignIn } from './oidc-sign-in';
import { useToken } from './use-token';

/** Sign-in (when AUTH_UI_CLIENT_ID names a client), or a pasted token or API key; shown only with AUTH_ENABLED. */
export function AuthControls({ signIn }: { signIn: OidcSignIn | undefined }) {
  const { token, source } = useToken();
  const [pasted, setPasted] = useState('');
  const [error, setError] = useState<string>();

  if (token) {
    const signOut = () => {
      setToken(undefined);
      if (source === 'sign-in') signIn?.signOut().catch(() => undefined);
    };
    return (
      <div class="auth">
        <span>{source === 'sign-in' ? 'Signed in' : 'Using a pasted key'}</span>
        <button type="button" onClick={signOut}>
          Sign out
        </button>
      </div>
    );
  }
  const startSignIn = () => {
    signIn?.signIn(location.pathname).catch((reason: unknown) => setError(`Sign-in could not start: ${String(reason)}`));
  };
  return (
    <div class="auth">
      {signIn && (
        <button type="button" class="primary" onClick={startSignIn}>
          Sign in
        </button>
      )}
      <form
        class="paste-key"
        onSubmit={(event) => {
          event.preventDefault();
          setToken(pasted, 'pasted');
          setPasted('');
        }}
      >
        <label for="api-key">API key or access token</label>
        <input id="api-key" type="password" autocomplete="off" value={pasted} onInput={(event) => setPasted(event.currentTarget.value)} />
        <button type="submit" disabled={!pasted.trim()}>
          Use key
        </button>
      </form>
      {error && <p role="alert">{error}</p>}
    </div>
  );
}
