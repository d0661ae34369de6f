import { decodeJoseHeader, IssuerUnavailableError, resolveSigningKey, TokenRejectedError } from './signing-key.resolver.js';
import type { TrustedIssuer } from './oidc-discovery.service.js';

const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const token = (header: unknown) => `${encode(header)}.${encode({ sub: 'x' })}.c2lnbmF0dXJl`;

/** A key set that knows one key, and records which kids it was asked for. */
function trustedIssuer(algorithms: string[], key: { kid: string; alg?: string }): TrustedIssuer & { asked: Array<string | undefined> } {
  const asked: Array<string | undefined> = [];
  return {
    asked,
    metadata: { issuer: 'https://issuer.example', jwksUri: 'https://issuer.example/jwks', algorithms: algorithms as TrustedIssuer['metadata']['algorithms'] },
    keys: {
      getSigningKey: async (kid?: string) => {
        asked.push(kid);
        if (kid !== key.kid) throw Object.assign(new Error(`Unable to find a signing key that matches '${kid}'`), { name: 'SigningKeyNotFoundError' });
        return { kid: key.kid, alg: key.alg, getPublicKey: () => 'PEM', publicKey: 'PEM' };
      },
    } as unknown as TrustedIssuer['keys'],
  };
}

describe('resolveSigningKey', () => {
  it('returns the key for a published algorithm and a known kid', async () => {
    await expect(resolveSigningKey(trustedIssuer(['RS256'], { kid: 'k1', alg: 'RS256' }), token({ alg: 'RS256', kid: 'k1' }))).resolves.toBe('PEM');
  });

  it.each(['none', 'HS256', 'ES256'])('refuses %s when the issuer does not publish it, without looking up a key', async (alg) => {
    const trusted = trustedIssuer(['RS256'], { kid: 'k1' });
    await expect(resolveSigningKey(trusted, token({ alg, kid: 'k1' }))).rejects.toThrow(TokenRejectedError);
    expect(trusted.asked).toEqual([]);
  });

  it('refuses a token whose algorithm differs from its key', async () => {
    await expect(resolveSigningKey(trustedIssuer(['RS256', 'PS256'], { kid: 'k1', alg: 'RS256' }), token({ alg: 'PS256', kid: 'k1' }))).rejects.toThrow(
      /its key is for RS256/,
    );
  });

  it('refuses an unknown kid', async () => {
    await expect(resolveSigningKey(trustedIssuer(['RS256'], { kid: 'k1' }), token({ alg: 'RS256', kid: 'k2' }))).rejects.toThrow(TokenRejectedError);
  });

  it('reports an issuer that is not discovered yet as unavailable', async () => {
    await expect(resolveSigningKey(undefined, token({ alg: 'RS256' }))).rejects.toThrow(IssuerUnavailableError);
  });
});

describe('decodeJoseHeader', () => {
  it.each([['not-a-jwt'], ['a.b'], [`${encode('string')}.e30.x`], [`${encode({ kid: 'k' })}.e30.x`], [`${encode({ alg: 'RS256', kid: 7 })}.e30.x`]])(
    'refuses %s',
    (raw) => {
      expect(() => decodeJoseHeader(raw)).toThrow(TokenRejectedError);
    },
  );
});
