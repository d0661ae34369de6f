import { createHmac, sign, type KeyObject } from 'node:crypto';

const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

/** A compact JWS signed with RS256 by `key` (an issuer's own key, or an attacker's). */
export function signRs256(header: Record<string, unknown>, claims: Record<string, unknown>, key: KeyObject): string {
  const input = `${encode({ typ: 'at+jwt', ...header, alg: 'RS256' })}.${encode(claims)}`;
  return `${input}.${sign('sha256', Buffer.from(input), key).toString('base64url')}`;
}

/** HS256 with `secret` (e.g. the issuer's public key PEM, the classic algorithm-confusion attack). */
export function signHs256(header: Record<string, unknown>, claims: Record<string, unknown>, secret: string | Buffer): string {
  const input = `${encode({ typ: 'at+jwt', ...header, alg: 'HS256' })}.${encode(claims)}`;
  return `${input}.${createHmac('sha256', secret).update(input).digest('base64url')}`;
}

/** An unsigned token (`alg: none`). */
export function unsigned(header: Record<string, unknown>, claims: Record<string, unknown>): string {
  return `${encode({ typ: 'at+jwt', ...header, alg: 'none' })}.${encode(claims)}.`;
}

/** The same token with its claims changed and its signature kept. */
export function withTamperedClaims(token: string, change: Record<string, unknown>): string {
  const [header, payload, signature] = token.split('.');
  const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
  return `${header}.${encode({ ...claims, ...change })}.${signature}`;
}

export function claimsOf(token: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString('utf8')) as Record<string, unknown>;
}

export const nowSeconds = () => Math.floor(Date.now() / 1000);
