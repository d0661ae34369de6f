import { accessFile, newKey, type AccessFile } from '../support/access-file.js';
import { startOpenAiUpstreams, startTestGateway, type TestGateway, type Upstreams } from '../support/gateway-harness.js';
import { GATEWAY_AUDIENCE, SERVICE_CLIENT, startTestIssuer, type TestIssuer } from '../support/oidc-issuer.js';

// OIDC identities and API keys on one gateway: identity rules matched on claims, the defaults for
// everyone else, budgets priced by the access file, and usage (an admin sees every caller's).

const service = newKey();
const other = newKey();

let issuer: TestIssuer;
let adminIssuer: TestIssuer;
let upstreams: Upstreams;
let gateway: TestGateway;
let file: AccessFile;

// Each MOCK_USAGE call (9 input + 4 output tokens) costs $1.30 at these prices.
const FILE = `
keys:
  - name: service
    sha256: ${service.sha256}
    budget: { usd: 2, period: total }
  - name: other
    sha256: ${other.sha256}
identities:
  - name: billing
    match: { client_id: ${SERVICE_CLIENT.id} }
    limits: { rpm: 2 }
defaults:
  limits: { rpm: 1000 }
prices:
  "openai/gpt-4o-mini": { input: 100000, output: 100000 }
`;

beforeAll(async () => {
  [issuer, upstreams] = await Promise.all([startTestIssuer(), startOpenAiUpstreams(['openai'])]);
  file = accessFile(FILE);
  gateway = await startTestGateway({
    ...upstreams.env,
    ACCESS_CONFIG_PATH: file.path,
    AUTH_ENABLED: 'true',
    AUTH_OIDC_ISSUER: issuer.issuer,
    AUTH_OIDC_CLIENT_ID: GATEWAY_AUDIENCE,
  });
});

afterAll(async () => {
  await gateway?.close();
  await Promise.all([issuer?.close(), adminIssuer?.close(), upstreams?.closeAll()]);
  file?.remove();
});

const chat = (credential: string, requestId?: string) =>
  fetch(`${gateway.url}/v1/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${credential}`, ...(requestId ? { 'x-request-id': requestId } : {}) },
    body: JSON.stringify({ model: 'openai/gpt-4o-mini', messages: [{ role: 'user', content: 'Hello' }] }),
  });

const usage = async (credential: string) => {
  const response = await fetch(`${gateway.url}/v1/usage`, { headers: { authorization: `Bearer ${credential}` } });
  expect(response.status).toBe(200);
  return (await response.json()) as { data: Array<Record<string, unknown>> };
};

describe('identities and keys on one gateway', () => {
  it('accepts both an access token and an API key', async () => {
    expect((await chat(await issuer.token())).status).toBe(200);
    expect((await chat(other.key)).status).toBe(200);
    const missing = await fetch(`${gateway.url}/v1/models`);
    expect(missing.status).toBe(401);
    expect(((await missing.json()) as { error: { message: string } }).error.message).toBe(
      'Missing credentials: send an access token or an API key as "Authorization: Bearer <credential>".',
    );
  });

  it('applies the identity rule matched on client_id, and logs the rule', async () => {
    const token = await issuer.token();
    // The first request of this client was made above; this is the second of its two per minute.
    expect((await chat(token)).status).toBe(200);
    const refused = await chat(token, 'billing-third');
    expect(refused.status).toBe(429);
    expect(await refused.json()).toMatchObject({
      error: {
        type: 'rate_limit_error',
        code: 'rate_limit_exceeded',
        message: expect.stringContaining('identity rule "billing" on requests per minute: limit 2'),
      },
    });
    const line = gateway.logs.find((entry) => entry.request_id === 'billing-third');
    expect(line).toMatchObject({ access_rule: 'billing', identity: { client_id: SERVICE_CLIENT.id }, response: { status: 429 } });
  });

  it('refuses with insufficient_quota once a budget is spent at the prices of the access file', async () => {
    expect((await chat(service.key)).status).toBe(200); // $1.30 of $2
    expect((await chat(service.key)).status).toBe(200); // admitted with $0.70 left: $2.60 spent
    const refused = await chat(service.key);
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBeNull(); // a `total` budget does not reset
    expect(await refused.json()).toEqual({
      error: {
        message: 'The budget of the key "service" is spent: $2.6000 of $2 for the period total. It does not reset (period total).',
        type: 'insufficient_quota',
        param: null,
        code: 'insufficient_quota',
      },
    });
    const [own] = (await usage(service.key)).data;
    expect(own).toMatchObject({
      caller: 'service',
      kind: 'key',
      requests: 2,
      input_tokens: 18,
      output_tokens: 8,
      cost_usd: 2.6,
      budget: { usd: 2, period: 'total', spent_usd: 2.6, remaining_usd: 0, resets_at: null },
      models: [{ model: 'openai/gpt-4o-mini', requests: 2, cost_usd: 2.6 }],
    });
  });

  it("shows a caller only its own usage, and an admin (matched on a groups claim) everyone's", async () => {
    const seen = (await usage(other.key)).data.map((entry) => entry.caller);
    expect(seen).toEqual(['other']);

    adminIssuer = await startTestIssuer({ tokenClaims: { groups: ['staff', 'platform-admins'] } });
    // Identity rules apply in file order: the admin rule goes first (the issuer's one client also matches "billing").
    file.write(FILE.replace('  - name: billing', '  - name: platform\n    match: { group: platform-admins }\n    admin: true\n  - name: billing'));
    const admin = await startTestGateway({
      ...upstreams.env,
      ACCESS_CONFIG_PATH: file.path,
      AUTH_ENABLED: 'true',
      AUTH_OIDC_ISSUER: adminIssuer.issuer,
      AUTH_OIDC_CLIENT_ID: GATEWAY_AUDIENCE,
    });
    try {
      await fetch(`${admin.url}/v1/chat/completions`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${other.key}` },
        body: JSON.stringify({ model: 'openai/gpt-4o-mini', messages: [{ role: 'user', content: 'Hello' }] }),
      });
      const response = await fetch(`${admin.url}/v1/usage`, { headers: { authorization: `Bearer ${await adminIssuer.token()}` } });
      const report = (await response.json()) as { data: Array<Record<string, unknown>> };
      expect(report.data.map((entry) => [entry.caller, entry.kind])).toEqual([
        ['platform', 'identity'],
        ['other', 'key'],
      ]);
      expect(report.data[1]).toMatchObject({ requests: 1, cost_usd: 1.3 });
    } finally {
      await admin.close();
    }
  });

  it('never writes a key or a token to a log line', async () => {
    const logs = gateway.rawLogs.join('\n');
    for (const secret of [service.key, other.key, await issuer.token()]) expect(logs).not.toContain(secret);
    expect(logs).not.toMatch(/eyJ[\w-]+\.eyJ/);
  });
});
