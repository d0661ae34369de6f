import { generateKeyPairSync, randomUUID, type JsonWebKey, type KeyObject } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
// Loaded on first use: jwks-rsa require()s jose, which oidc-provider imports as an ES module, and
// Jest refuses the two in one static module graph.
import type Provider from 'oidc-provider';

/** The audience (AUTH_OIDC_CLIENT_ID) the issuer's tokens for the gateway carry. */
export const GATEWAY_AUDIENCE = 'llm-gateway';
/** A client of the issuer that gets tokens through client_credentials. */
export const SERVICE_CLIENT = { id: 'billing-service', secret: 'billing-service-secret-5e1d' };

/** Resource indicators the issuer knows: each names the audience of the access tokens issued for it. */
export const RESOURCES = {
  gateway: 'urn:llm-gateway',
  otherApi: 'urn:other-api',
  /** Tokens for the gateway's audience, but signed with HS256 (a shared secret). */
  gatewayHmac: 'urn:llm-gateway-hmac',
} as const;

export interface TestSigningKey {
  kid: string;
  privateKey: KeyObject;
  privateJwk: JsonWebKey & { kid: string; alg: string; use: string };
}

export function generateSigningKey(): TestSigningKey {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const kid = `key-${randomUUID().slice(0, 8)}`;
  return { kid, privateKey, privateJwk: { ...privateKey.export({ format: 'jwk' }), kid, alg: 'RS256', use: 'sig' } };
}

export interface PublicClient {
  id: string;
  redirectUri: string;
}

export interface TestIssuer {
  /** `http://127.0.0.1:<port>`, the issuer identifier and AUTH_OIDC_ISSUER. */
  issuer: string;
  /** Published signing keys, the one that signs first. */
  keys: TestSigningKey[];
  /** Requests the issuer answered, by path (`/jwks`, `/.well-known/openid-configuration`, `/token`). */
  hits: Map<string, number>;
  /** A real access token from the client_credentials grant, for `resource`. */
  token(resource?: string): Promise<string>;
  /**
   * Adds a public client (no secret, PKCE) for the authorization code flow, e.g. the web UI's, and
   * turns on oidc-provider's development login and consent pages: any login name signs in.
   */
  registerPublicClient(client: PublicClient): void;
  /** A new key signs from now on; the old one stays published (the usual rotation). */
  rotateKeys(): Promise<TestSigningKey>;
  /** Stops answering (every connection is cut at once) until `resume()`; the port stays the issuer's. */
  pause(): Promise<void>;
  resume(): Promise<void>;
  close(): Promise<void>;
}

/**
 * A real OpenID Connect provider (the `oidc-provider` package) on loopback, on a port the OS
 * picks, issuing JWT access tokens through the client_credentials grant. `down` starts it cutting
 * every connection (an issuer that is not up yet) until `resume()`; `tokenClaims` are added to
 * every access token.
 */
export async function startTestIssuer(options: { down?: boolean; tokenClaims?: Record<string, unknown> } = {}): Promise<TestIssuer> {
  const hits = new Map<string, number>();
  let keys = [generateSigningKey()];
  let down = options.down === true;
  let issuer = '';
  let provider: Provider;
  const handler = (request: IncomingMessage, response: ServerResponse) => {
    const path = (request.url ?? '').split('?')[0];
    hits.set(path, (hits.get(path) ?? 0) + 1);
    void provider.callback()(request, response);
  };

  const server: Server = createServer(handler);
  server.on('connection', (socket) => {
    if (down) socket.destroy();
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const { default: ProviderClass } = await import('oidc-provider');
  const publicClients: PublicClient[] = [];
  const createProvider = (issuerUrl: string, signingKeys: TestSigningKey[]) =>
    newProvider(ProviderClass, issuerUrl, signingKeys, publicClients, options.tokenClaims ?? {});
  issuer = `http://127.0.0.1:${port}`;
  provider = createProvider(issuer, keys);

  return {
    issuer,
    get keys() {
      return keys;
    },
    hits,
    async token(resource: string = RESOURCES.gateway) {
      const response = await fetch(`${issuer}/token`, {
        method: 'POST',
        headers: {
          authorization: `Basic ${Buffer.from(`${SERVICE_CLIENT.id}:${SERVICE_CLIENT.secret}`).toString('base64')}`,
          'content-type': 'application/x-www-form-urlencoded',
        },
        body: new URLSearchParams({ grant_type: 'client_credentials', resource, scope: 'chat' }),
      });
      const body = (await response.json()) as { access_token?: string; error?: string; error_description?: string };
      if (!body.access_token) throw new Error(`the issuer refused a token: ${body.error}: ${body.error_description}`);
      return body.access_token;
    },
    registerPublicClient(client) {
      publicClients.push(client);
      provider = createProvider(issuer, keys);
    },
    async rotateKeys() {
      const key = generateSigningKey();
      keys = [key, ...keys];
      provider = createProvider(issuer, keys);
      return key;
    },
    async pause() {
      down = true;
      server.closeAllConnections();
    },
    async resume() {
      down = false;
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

function newProvider(
  ProviderClass: typeof Provider,
  issuer: string,
  keys: TestSigningKey[],
  publicClients: PublicClient[],
  tokenClaims: Record<string, unknown>,
): Provider {
  const hmacSecret = Buffer.from('a-shared-secret-of-at-least-32-bytes!');
  const provider = new ProviderClass(issuer, {
    clients: [
      {
        client_id: SERVICE_CLIENT.id,
        client_secret: SERVICE_CLIENT.secret,
        grant_types: ['client_credentials'],
        redirect_uris: [],
        response_types: [],
        scope: 'chat',
      },
      ...publicClients.map((client) => ({
        client_id: client.id,
        token_endpoint_auth_method: 'none' as const,
        grant_types: ['authorization_code'],
        response_types: ['code' as const],
        redirect_uris: [client.redirectUri],
      })),
    ],
    jwks: { keys: keys.map((key) => key.privateJwk) },
    cookies: { keys: ['test-cookie-key'] },
    // Claims every access token carries besides the standard ones (e.g. `groups`).
    extraTokenClaims: () => tokenClaims,
    scopes: ['openid', 'chat'],
    features: {
      devInteractions: { enabled: publicClients.length > 0 },
      clientCredentials: { enabled: true },
      resourceIndicators: {
        enabled: true,
        defaultResource: () => RESOURCES.gateway,
        useGrantedResource: () => true,
        getResourceServerInfo: (_context, resource) => {
          if (resource === RESOURCES.gateway) return { scope: 'chat', audience: GATEWAY_AUDIENCE, accessTokenFormat: 'jwt', accessTokenTTL: 300 };
          if (resource === RESOURCES.otherApi) return { scope: 'chat', audience: 'other-api', accessTokenFormat: 'jwt', accessTokenTTL: 300 };
          if (resource === RESOURCES.gatewayHmac) {
            return {
              scope: 'chat',
              audience: GATEWAY_AUDIENCE,
              accessTokenFormat: 'jwt',
              accessTokenTTL: 300,
              jwt: { sign: { alg: 'HS256', key: hmacSecret } },
            };
          }
          throw new Error(`unknown resource ${resource}`);
        },
      },
    },
  });
  return provider;
}
