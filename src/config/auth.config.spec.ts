import { loadAuthConfig } from './auth.config.js';

describe('loadAuthConfig', () => {
  it('is off by default and needs nothing then', () => {
    expect(loadAuthConfig({})).toMatchObject({ enabled: false, docsPublic: true, jwksMinRefreshIntervalMs: 10_000 });
  });

  it('reads the issuer without its trailing slash, and the audience', () => {
    expect(
      loadAuthConfig({
        AUTH_ENABLED: 'true',
        AUTH_OIDC_ISSUER: 'https://sso.example.com/realms/acme/',
        AUTH_OIDC_CLIENT_ID: 'llm-gateway',
        AUTH_DOCS_PUBLIC: 'false',
      }),
    ).toMatchObject({ enabled: true, issuer: 'https://sso.example.com/realms/acme', audience: 'llm-gateway', docsPublic: false });
  });

  it.each([
    [{ AUTH_ENABLED: 'true', AUTH_OIDC_CLIENT_ID: 'x' }, /^AUTH_OIDC_ISSUER: required when AUTH_ENABLED/],
    [{ AUTH_ENABLED: 'true', AUTH_OIDC_ISSUER: 'https://sso.example.com' }, /^AUTH_OIDC_CLIENT_ID: required/],
    [{ AUTH_ENABLED: 'yes please' }, /^AUTH_ENABLED: expected true or false/],
    [{ AUTH_OIDC_ISSUER: 'sso.example.com' }, /^AUTH_OIDC_ISSUER: expected an http\(s\) URL/],
    [{ AUTH_DOCS_PUBLIC: 'maybe' }, /^AUTH_DOCS_PUBLIC/],
    [{ AUTH_JWKS_MIN_REFRESH_INTERVAL: 'often' }, /^AUTH_JWKS_MIN_REFRESH_INTERVAL/],
  ])('names the variable that is wrong: %j', (env, message) => {
    expect(() => loadAuthConfig(env)).toThrow(message);
  });
});
