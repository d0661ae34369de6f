import type { SigningKey } from 'jwks-rsa';
import type { TrustedIssuer } from './oidc-discovery.service.js';

/** The identity provider cannot be asked right now (not discovered yet, key set unreachable): 503. */
export class IssuerUnavailableError extends Error {
  override readonly name = 'IssuerUnavailableError';
}

/** The token cannot be trusted; the message says why, for the logs only: 401. */
export class TokenRejectedError extends Error {
  override readonly name = 'TokenRejectedError';
}

interface JoseHeader {
  alg: string;
  kid?: string;
}

/**
 * Finds the public key a token must have been signed with, before its signature is checked:
 * the algorithm in its header must be one the issuer publishes (never `none` or HS*), and the key
 * comes from the issuer's key set by `kid` (an unknown `kid` refreshes the set, at most once per interval).
 */
export async function resolveSigningKey(trusted: TrustedIssuer | undefined, rawToken: string): Promise<string> {
  if (!trusted) throw new IssuerUnavailableError('the issuer has not been discovered yet');
  const header = decodeJoseHeader(rawToken);
  if (!(trusted.metadata.algorithms as string[]).includes(header.alg)) {
    throw new TokenRejectedError(`signing algorithm ${JSON.stringify(header.alg)} is not accepted`);
  }
  let key: SigningKey;
  try {
    key = await trusted.keys.getSigningKey(header.kid);
  } catch (error) {
    if ((error as { isEndpointUnavailable?: boolean }).isEndpointUnavailable) {
      throw new IssuerUnavailableError(`the issuer's key set could not be fetched: ${(error as Error).message}`);
    }
    throw new TokenRejectedError((error as Error).message ?? 'no signing key matches the token');
  }
  if (key.alg && key.alg !== header.alg) {
    throw new TokenRejectedError(`the token says ${header.alg} but its key is for ${key.alg}`);
  }
  return key.getPublicKey();
}

/** Reads a compact JWS header without trusting it: just enough to pick the key. */
export function decodeJoseHeader(rawToken: string): JoseHeader {
  const parts = rawToken.split('.');
  let header: unknown;
  try {
    if (parts.length !== 3) throw new Error('not three parts');
    header = JSON.parse(Buffer.from(parts[0], 'base64url').toString('utf8'));
  } catch {
    throw new TokenRejectedError('the token is not a compact JWS (header.payload.signature)');
  }
  if (!header || typeof header !== 'object' || typeof (header as JoseHeader).alg !== 'string') {
    throw new TokenRejectedError('the token header has no algorithm');
  }
  const { alg, kid } = header as { alg: string; kid?: unknown };
  if (kid !== undefined && typeof kid !== 'string') throw new TokenRejectedError('the token header has a kid that is not a string');
  return { alg, kid };
}
