/**
 * Looks up the API keys callers present (`Authorization: Bearer <key>` or `x-api-key: <key>`).
 * The access module provides it; without an access file no key is accepted (`enabled` is false).
 */
export abstract class ApiKeyVerifier {
  abstract readonly enabled: boolean;
  /** The name of the key, or undefined when no such key is listed (unknown or revoked). */
  abstract verify(presented: string): string | undefined;
}

/** `eyJ...` `.` `...` `.` `...`: the compact form of a JWT, whose header is base64url JSON. */
const JWT_SHAPE = /^eyJ[\w-]*\.[\w-]+\.[\w-]*$/;

/** Whether a bearer value is a JWT (an access token) rather than an API key. */
export function looksLikeJwt(value: string): boolean {
  return JWT_SHAPE.test(value);
}
