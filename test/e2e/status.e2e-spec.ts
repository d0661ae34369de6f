import { startOpenAiUpstreams, startTestGateway, type TestGateway, type Upstreams } from '../support/gateway-harness.js';
import { MOCK_KEY } from '../support/mock-openai-upstream.js';
import { GATEWAY_AUDIENCE, startTestIssuer, type TestIssuer } from '../support/oidc-issuer.js';

let upstreams: Upstreams;
let gateway: TestGateway;

/** Nothing listens on loopback port 1 (privileged, used by no test service): a provider pointed there is down. */
const CLOSED_PORT_URL = 'http://127.0.0.1:1/v1';
/** A key that looks like a real one, to show it never appears in the status. */
const DOWN_PROVIDER_KEY = 'sk-groq-secret-key-0123456789';

beforeAll(async () => {
  upstreams = await startOpenAiUpstreams(['openai']);
  gateway = await startTestGateway({
    ...upstreams.env,
    GROQ_API_URL: `http://user:hunter2-password@127.0.0.1:1/openai/v1`,
    GROQ_API_KEY: DOWN_PROVIDER_KEY,
    OLLAMA_API_URL: CLOSED_PORT_URL,
  });
});

afterAll(async () => {
  await gateway?.close();
  await upstreams?.closeAll();
});

interface ProviderStatus {
  id: string;
  configured: boolean;
  reason?: string;
  models: { state: string; count?: number; fetched_at?: string; latency_ms?: number; error?: string };
}

const status = async () => {
  const response = await fetch(`${gateway.url}/v1/status`);
  expect(response.status).toBe(200);
  return (await response.json()) as { version: string; ready: boolean; providers: ProviderStatus[]; aliases: unknown[]; routes: unknown[] };
};
const provider = (providers: ProviderStatus[], id: string) => providers.find((entry) => entry.id === id)!;

describe('GET /v1/status', () => {
  it('reports version, readiness and every provider, configured or why not, before any model list was fetched', async () => {
    const body = await status();
    expect(body.version).toBe('0.1.0');
    expect(body.ready).toBe(true);
    expect(provider(body.providers, 'openai')).toEqual({ id: 'openai', configured: true, models: { state: 'unknown' } });
    expect(provider(body.providers, 'mistral')).toEqual({ id: 'mistral', configured: false, reason: 'set MISTRAL_API_KEY', models: { state: 'unknown' } });
    expect([body.aliases, body.routes]).toEqual([[], []]); // no routing file
  });

  it('reports the last model-list fetch of each provider: count and latency, or the error without secrets', async () => {
    const before = Date.now();
    expect((await fetch(`${gateway.url}/v1/models`)).status).toBe(200);
    const body = await status();

    const openai = provider(body.providers, 'openai').models;
    expect(openai).toEqual({ state: 'ok', count: 2, fetched_at: expect.any(String), latency_ms: expect.any(Number) });
    expect(Date.parse(openai.fetched_at!)).toBeGreaterThanOrEqual(before - 1_000);

    const ollama = provider(body.providers, 'ollama').models;
    expect(ollama).toMatchObject({ state: 'error', error: expect.stringMatching(/ECONNREFUSED 127.0.0.1:1/), latency_ms: expect.any(Number) });

    const groq = provider(body.providers, 'groq');
    expect(groq).toMatchObject({ configured: true, models: { state: 'error' } });
    const text = JSON.stringify(body);
    for (const secret of [DOWN_PROVIDER_KEY, 'hunter2-password', MOCK_KEY]) expect(text).not.toContain(secret);
  });
});

describe('GET /v1/status with AUTH_ENABLED', () => {
  let issuer: TestIssuer;
  let guarded: TestGateway;

  beforeAll(async () => {
    issuer = await startTestIssuer();
    guarded = await startTestGateway({ ...upstreams.env, AUTH_ENABLED: 'true', AUTH_OIDC_ISSUER: issuer.issuer, AUTH_OIDC_CLIENT_ID: GATEWAY_AUDIENCE });
  });

  afterAll(async () => {
    await guarded?.close();
    await issuer?.close();
  });

  it('needs a bearer token like every API route', async () => {
    expect((await fetch(`${guarded.url}/v1/status`)).status).toBe(401);
    const response = await fetch(`${guarded.url}/v1/status`, { headers: { authorization: `Bearer ${await issuer.token()}` } });
    expect(response.status).toBe(200);
  });
});
