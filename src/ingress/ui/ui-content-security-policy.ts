/**
 * The UI page's Content-Security-Policy: the gateway's own (set by helmet for every response)
 * with the identity provider's origin added to `connect-src`, because the sign-in code reads the
 * issuer's discovery document and exchanges the authorization code at its token endpoint from the
 * browser. Only the UI's HTML gets this; API responses keep `connect-src 'self'`.
 */
export function withIssuerConnectSource(policy: string, issuer: string): string {
  const origin = new URL(issuer).origin;
  return policy
    .split(';')
    .map((directive) => {
      const trimmed = directive.trim();
      return trimmed.startsWith('connect-src ') && !trimmed.split(/\s+/).includes(origin) ? `${trimmed} ${origin}` : trimmed;
    })
    .join(';');
}
