/** Asymmetric JWS algorithms the verifier supports; `none` and the HMAC family (HS*) never are. */
export const ASYMMETRIC_ALGORITHMS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512'] as const;
export type AsymmetricAlgorithm = (typeof ASYMMETRIC_ALGORITHMS)[number];

/** What the gateway takes from an issuer's discovery document. */
export interface IssuerMetadata {
  /** The exact `iss` value tokens carry (trailing slash included when the issuer has one). */
  issuer: string;
  jwksUri: string;
  /** The algorithms a token may be signed with: those the issuer publishes that are asymmetric. */
  algorithms: AsymmetricAlgorithm[];
}

export function toDiscoveryUrl(issuer: string): string {
  return `${issuer.replace(/\/+$/, '')}/.well-known/openid-configuration`;
}

/**
 * Reads an OpenID Provider's discovery document. It must name the configured issuer (OpenID
 * Connect Discovery 1.0, section 4.3), an http(s) `jwks_uri`, and at least one asymmetric signing
 * algorithm. Throws an Error whose message says what is wrong.
 */
export function toIssuerMetadata(document: unknown, configuredIssuer: string): IssuerMetadata {
  if (!document || typeof document !== 'object' || Array.isArray(document)) {
    throw new Error('the discovery document is not a JSON object');
  }
  const { issuer, jwks_uri: jwksUri, id_token_signing_alg_values_supported: published } = document as Record<string, unknown>;
  if (typeof issuer !== 'string' || issuer.replace(/\/+$/, '') !== configuredIssuer.replace(/\/+$/, '')) {
    throw new Error(`the discovery document names issuer ${JSON.stringify(issuer)}, not ${configuredIssuer}`);
  }
  if (typeof jwksUri !== 'string' || !/^https?:\/\//i.test(jwksUri) || !URL.canParse(jwksUri)) {
    throw new Error('the discovery document has no http(s) jwks_uri');
  }
  // The field is required by the specification; RS256 is the algorithm every issuer must support.
  const offered = Array.isArray(published) ? published.filter((value): value is string => typeof value === 'string') : ['RS256'];
  const algorithms = ASYMMETRIC_ALGORITHMS.filter((algorithm) => offered.includes(algorithm));
  if (algorithms.length === 0) {
    throw new Error(`the issuer publishes no asymmetric signing algorithm (it offers ${offered.join(', ') || 'none'})`);
  }
  return { issuer, jwksUri, algorithms };
}
