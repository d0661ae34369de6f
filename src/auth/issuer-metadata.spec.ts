import { toDiscoveryUrl, toIssuerMetadata } from './issuer-metadata.js';

const ISSUER = 'https://sso.example.com/realms/acme';
const document = (overrides: Record<string, unknown> = {}) => ({
  issuer: ISSUER,
  jwks_uri: `${ISSUER}/protocol/openid-connect/certs`,
  id_token_signing_alg_values_supported: ['PS384', 'RS384', 'HS256', 'ES256', 'RS256', 'none', 'EdDSA'],
  ...overrides,
});

describe('toIssuerMetadata', () => {
  it('keeps the published asymmetric algorithms only, never none or HS*', () => {
    expect(toIssuerMetadata(document(), ISSUER)).toEqual({
      issuer: ISSUER,
      jwksUri: `${ISSUER}/protocol/openid-connect/certs`,
      algorithms: ['RS256', 'RS384', 'PS384', 'ES256'],
    });
  });

  it('keeps the issuer exactly as published (trailing slash included) when it names the configured one', () => {
    expect(toIssuerMetadata(document({ issuer: 'https://tenant.example.com/' }), 'https://tenant.example.com').issuer).toBe('https://tenant.example.com/');
  });

  it('assumes RS256 when the algorithms are not published', () => {
    expect(toIssuerMetadata(document({ id_token_signing_alg_values_supported: undefined }), ISSUER).algorithms).toEqual(['RS256']);
  });

  it.each([
    ['another issuer', document({ issuer: 'https://evil.example.com/realms/acme' }), /names issuer "https:\/\/evil/],
    ['no jwks_uri', document({ jwks_uri: undefined }), /no http\(s\) jwks_uri/],
    ['a jwks_uri that is not http', document({ jwks_uri: 'file:///etc/keys' }), /no http\(s\) jwks_uri/],
    [
      'only symmetric algorithms',
      document({ id_token_signing_alg_values_supported: ['HS256', 'none'] }),
      /no asymmetric signing algorithm \(it offers HS256, none\)/,
    ],
    ['not an object', ['issuer'], /not a JSON object/],
  ])('refuses %s', (_name, input, message) => {
    expect(() => toIssuerMetadata(input, ISSUER)).toThrow(message);
  });
});

it('builds the discovery URL whatever the trailing slash', () => {
  expect(toDiscoveryUrl(ISSUER)).toBe(`${ISSUER}/.well-known/openid-configuration`);
  expect(toDiscoveryUrl(`${ISSUER}/`)).toBe(`${ISSUER}/.well-known/openid-configuration`);
});
