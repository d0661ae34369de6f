import { toVerifiedIdentity } from './verified-identity.js';

describe('toVerifiedIdentity', () => {
  it('takes sub and client_id (oidc-provider, RFC 9068)', () => {
    expect(toVerifiedIdentity({ sub: 'user-1', client_id: 'app', scope: 'chat' })).toEqual({ subject: 'user-1', clientId: 'app' });
  });

  it('takes azp when there is no client_id (Keycloak, Entra ID v2)', () => {
    expect(toVerifiedIdentity({ sub: 'f1c2', azp: 'billing' })).toEqual({ subject: 'f1c2', clientId: 'billing' });
  });

  it('names the client as subject when there is no sub', () => {
    expect(toVerifiedIdentity({ client_id: 'app' })).toEqual({ subject: 'app', clientId: 'app' });
  });

  it('keeps nothing else from the claims', () => {
    expect(toVerifiedIdentity({ sub: 'user-1', email: 'a@example.com', roles: ['admin'] })).toEqual({ subject: 'user-1' });
  });

  it('gives nothing for a token that names nobody', () => {
    expect(toVerifiedIdentity({ sub: '', client_id: 42 })).toBeUndefined();
  });
});
