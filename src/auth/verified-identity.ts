/** Who a verified access token speaks for; kept on the request, logged, never sent upstream. */
export interface VerifiedIdentity {
  /** The token's `sub`: the user, or the service account of a client_credentials client. */
  subject: string;
  /** The client the token was issued to (`client_id`, or `azp` as Keycloak and Entra ID name it). */
  clientId?: string;
  /** Every claim of the verified token, for access rules that match on them (never logged). */
  claims?: Readonly<Record<string, unknown>>;
}

/** Picks the identity out of a verified token's claims; undefined when the token names nobody. */
export function toVerifiedIdentity(claims: Record<string, unknown>): VerifiedIdentity | undefined {
  const clientId = [claims.client_id, claims.azp, claims.appid].find((value): value is string => typeof value === 'string' && value !== '');
  const subject = typeof claims.sub === 'string' && claims.sub !== '' ? claims.sub : clientId;
  if (!subject) return undefined;
  return clientId ? { subject, clientId } : { subject };
}
