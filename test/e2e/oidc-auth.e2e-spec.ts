import OpenAI from 'openai';
import { createPublicKey } from 'node:crypto';
import { startOpenAiUpstreams, startTestGateway, type TestGateway, type Upstreams } from '../support/gateway-harness.js';
import { claimsOf, nowSeconds, signHs256, signRs256, unsigned, withTamperedClaims } from '../support/jwt-forgery.js';
import { MOCK_KEY } from '../support/mock-openai-upstream.js';
import { GATEWAY_AUDIENCE, generateSigningKey, RESOURCES, SERVICE_CLIENT, startTestIssuer, type TestIssuer } from '../support/oidc-issuer.js';

let issuer: TestIssuer;
let otherIssuer: TestIssuer;
let upstreams: Upstreams;
let gateway: TestGateway;

const KEY_SET_REFRESH_INTERVAL_MS = 1_000;
const authEnvironment = () => ({
  AUTH_ENABLED: 'true',
  AUTH_OIDC_ISSUER: issuer.issuer,
  AUTH_OIDC_CLIENT_ID: GATEWAY_AUDIENCE,
  AUTH_JWKS_MIN_REFRESH_INTERVAL: `${KEY_SET_REFRESH_INTERVAL_MS}ms`,
});
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const chatBody = JSON.stringify({ model: 'openai/gpt-4o-mini', messages: [{ role: 'user', content: 'Hi' }] });

beforeAll(async () => {
  [issuer, otherIssuer, upstreams] = await Promise.all([startTestIssuer(), startTestIssuer(), startOpenAiUpstreams(['openai'])]);
  gateway = await startTestGateway({ ...upstreams.env, ...authEnvironment() });
});

afterAll(async () => {
  await gateway?.close();
  await Promise.all([issuer?.close(), otherIssuer?.close(), upstreams?.closeAll()]);
});

const openAiClient = (apiKey: string) => new OpenAI({ baseURL: `${gateway.url}/v1`, apiKey, maxRetries: 0 });
const post = (token: string | undefined, path = '/v1/chat/completions', body = chatBody) =>
  fetch(`${gateway.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token === undefined ? {} : { authorization: `Bearer ${token}` }) },
    body,
  });

/** Claims of a token the issuer would issue for the gateway, for forgeries to start from. */
const gatewayClaims = (overrides: Record<string, unknown> = {}) => ({
  iss: issuer.issuer,
  aud: GATEWAY_AUDIENCE,
  sub: SERVICE_CLIENT.id,
  client_id: SERVICE_CLIENT.id,
  iat: nowSeconds(),
  exp: nowSeconds() + 300,
  ...overrides,
});

describe('a valid access token from the issuer', () => {
  it('passes with the openai client, streaming and not, and never reaches the upstream', async () => {
    const token = await issuer.token();
    const client = openAiClient(token);
    const completion = await client.chat.completions.create({ model: 'openai/gpt-4o-mini', messages: [{ role: 'user', content: 'Hi' }] });
    expect(completion.choices[0].message.content).toBeTruthy();
    const stream = await client.chat.completions.create({ model: 'openai/gpt-4o-mini', messages: [{ role: 'user', content: 'Hi' }], stream: true });
    let text = '';
    for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? '';
    expect(text).toBe('Hello!');
    expect((await client.models.list()).data.length).toBeGreaterThan(0);

    for (const sent of upstreams.mocks.openai.requests) {
      expect(sent.headers.authorization).toBe(`Bearer ${MOCK_KEY}`);
      expect(JSON.stringify(sent)).not.toContain(token);
      expect(JSON.stringify(sent.headers)).not.toContain(SERVICE_CLIENT.id);
    }
  });

  it('puts the verified identity, not the token, in the request log line', async () => {
    const token = await issuer.token();
    const response = await post(token);
    expect(response.status).toBe(200);
    const requestId = response.headers.get('x-request-id');
    const line = gateway.logs.find((entry) => entry.request_id === requestId);
    expect(line?.identity).toEqual({ sub: SERVICE_CLIENT.id, client_id: SERVICE_CLIENT.id });
    expect(gateway.rawLogs.join('\n')).not.toContain(token);
  });

  it('is accepted a little after expiry (clock tolerance) but not long after', async () => {
    const key = issuer.keys[0];
    const justExpired = signRs256({ kid: key.kid }, gatewayClaims({ iat: nowSeconds() - 300, exp: nowSeconds() - 10 }), key.privateKey);
    expect((await post(justExpired)).status).toBe(200);
    const expired = signRs256({ kid: key.kid }, gatewayClaims({ iat: nowSeconds() - 300, exp: nowSeconds() - 120 }), key.privateKey);
    const response = await post(expired);
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toBe('Bearer error="invalid_token", error_description="The access token has expired."');
  });
});

describe('refused tokens', () => {
  // Each refusal comes with the reason the gateway logs, so each case shows which check caught it.
  const forged: Array<[string, () => Promise<string>, RegExp]> = [
    ['garbage', async () => 'not-a-jwt', /not a compact JWS/],
    ['three parts of garbage', async () => 'a.b.c', /not a compact JWS/],
    ['a token for another audience', () => issuer.token(RESOURCES.otherApi), /audience invalid/],
    ['a token from another issuer', () => otherIssuer.token(), /Unable to find a signing key/],
    [
      'a token signed by this issuer key naming another issuer',
      async () => signRs256({ kid: issuer.keys[0].kid }, gatewayClaims({ iss: otherIssuer.issuer }), issuer.keys[0].privateKey),
      /issuer invalid/,
    ],
    [
      'a token signed by an unknown key',
      async () => signRs256({ kid: 'unknown-kid' }, gatewayClaims(), generateSigningKey().privateKey),
      /Unable to find a signing key/,
    ],
    [
      'a token signed by another key under the issuer key id',
      async () => signRs256({ kid: issuer.keys[0].kid }, gatewayClaims(), generateSigningKey().privateKey),
      /invalid signature/,
    ],
    ['alg none', async () => unsigned({ kid: issuer.keys[0].kid }, gatewayClaims()), /"none" is not accepted/],
    ['HS256 issued by the issuer', () => issuer.token(RESOURCES.gatewayHmac), /"HS256" is not accepted/],
    [
      'HS256 keyed with the issuer public key',
      async () => signHs256({ kid: issuer.keys[0].kid }, gatewayClaims(), createPublicKey(issuer.keys[0].privateKey).export({ format: 'pem', type: 'spki' })),
      /"HS256" is not accepted/,
    ],
    ['a tampered payload', async () => withTamperedClaims(await issuer.token(), { sub: 'admin' }), /invalid signature/],
    [
      'an expired token',
      async () => signRs256({ kid: issuer.keys[0].kid }, gatewayClaims({ iat: nowSeconds() - 600, exp: nowSeconds() - 300 }), issuer.keys[0].privateKey),
      /jwt expired/,
    ],
    [
      'a token without an expiry',
      async () => {
        const { exp: _exp, ...claims } = gatewayClaims();
        return signRs256({ kid: issuer.keys[0].kid }, claims, issuer.keys[0].privateKey);
      },
      /no expiry/,
    ],
    [
      'a token not valid yet',
      async () => signRs256({ kid: issuer.keys[0].kid }, gatewayClaims({ nbf: nowSeconds() + 600 }), issuer.keys[0].privateKey),
      /not active/,
    ],
    [
      'a token naming nobody',
      async () => signRs256({ kid: issuer.keys[0].kid }, gatewayClaims({ sub: undefined, client_id: undefined }), issuer.keys[0].privateKey),
      /names no subject/,
    ],
  ];

  it.each(forged)('%s: 401, WWW-Authenticate invalid_token, OpenAI error body, nothing sent upstream', async (_name, makeToken, reason) => {
    const token = await makeToken();
    const before = upstreams.mocks.openai.requests.length;
    for (const path of ['/v1/chat/completions', '/v1/models', '/proxy/openai/models']) {
      const response =
        path === '/v1/chat/completions' ? await post(token) : await fetch(`${gateway.url}${path}`, { headers: { authorization: `Bearer ${token}` } });
      expect(response.status).toBe(401);
      expect(response.headers.get('www-authenticate')).toMatch(/^Bearer error="invalid_token"/);
      const body = (await response.json()) as { error: Record<string, unknown> };
      expect(body).toEqual({ error: { message: expect.any(String), type: 'authentication_error', param: null, code: 'invalid_token' } });
      expect(JSON.stringify(body)).not.toContain(token);
      const line = gateway.logs.find((entry) => entry.request_id === response.headers.get('x-request-id'));
      expect(line?.auth_failure).toMatch(reason);
    }
    expect(upstreams.mocks.openai.requests.length).toBe(before);
  });

  it('answers a request without a token (or with another scheme) 401 with a bare Bearer challenge', async () => {
    for (const headers of [{}, { authorization: 'Basic dXNlcjpwYXNz' }, { authorization: 'Bearer' }]) {
      const response = await fetch(`${gateway.url}/v1/models`, { headers });
      expect(response.status).toBe(401);
      expect(response.headers.get('www-authenticate')).toBe('Bearer');
      expect(await response.json()).toEqual({
        error: { message: expect.stringContaining('Missing bearer token'), type: 'authentication_error', param: null, code: 'missing_token' },
      });
    }
  });

  it('surfaces as the openai client AuthenticationError', async () => {
    await expect(
      openAiClient('garbage').chat.completions.create({ model: 'openai/gpt-4o-mini', messages: [{ role: 'user', content: 'Hi' }] }),
    ).rejects.toBeInstanceOf(OpenAI.AuthenticationError);
  });

  it('checks the token before reading the body: an unauthenticated oversized body gets 401, not 413', async () => {
    const response = await post('garbage', '/v1/chat/completions', 'x'.repeat(11 * 1024 * 1024));
    expect(response.status).toBe(401);
  });
});

describe('open routes', () => {
  it('keeps health, readiness and the docs (AUTH_DOCS_PUBLIC defaults to true) open', async () => {
    for (const path of ['/health', '/health/ready', '/docs', '/docs/openapi.json']) {
      expect([path, (await fetch(`${gateway.url}${path}`)).status]).toEqual([path, 200]);
    }
  });

  it('closes the docs with AUTH_DOCS_PUBLIC=false', async () => {
    const closed = await startTestGateway({ ...upstreams.env, ...authEnvironment(), AUTH_DOCS_PUBLIC: 'false' });
    try {
      for (const path of ['/docs', '/docs/openapi.json']) {
        const refused = await fetch(`${closed.url}${path}`);
        expect(refused.status).toBe(401);
        expect(refused.headers.get('www-authenticate')).toBe('Bearer');
        expect(((await refused.json()) as { error: { type: string } }).error.type).toBe('authentication_error');
        expect((await fetch(`${closed.url}${path}`, { headers: { authorization: `Bearer ${await issuer.token()}` } })).status).toBe(200);
      }
      expect((await fetch(`${closed.url}/health/ready`)).status).toBe(200);
    } finally {
      await closed.close();
    }
  });
});

describe('key rotation at the issuer', () => {
  it('is picked up without a restart, with one key set fetch, and old keys keep working while published', async () => {
    const oldToken = await issuer.token();
    expect((await post(oldToken)).status).toBe(200);
    await sleep(KEY_SET_REFRESH_INTERVAL_MS + 100); // earlier tests' made-up kids may have just refreshed the set
    const fetchesBefore = issuer.hits.get('/jwks') ?? 0;

    const newKey = await issuer.rotateKeys();
    const newToken = await issuer.token();
    expect(JSON.parse(Buffer.from(newToken.split('.')[0], 'base64url').toString()).kid).toBe(newKey.kid);
    expect(claimsOf(newToken).iss).toBe(issuer.issuer);

    expect((await post(newToken)).status).toBe(200);
    expect((await post(newToken)).status).toBe(200);
    expect((await post(oldToken)).status).toBe(200);
    expect((issuer.hits.get('/jwks') ?? 0) - fetchesBefore).toBe(1);
  });
});
