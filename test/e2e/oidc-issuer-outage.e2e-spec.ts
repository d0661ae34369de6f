import { accessFile, newKey } from '../support/access-file.js';
import { startOpenAiUpstreams, startTestGateway, type Upstreams } from '../support/gateway-harness.js';
import { GATEWAY_AUDIENCE, startTestIssuer, type TestIssuer } from '../support/oidc-issuer.js';

// In a file of its own: the gateway's logs are captured only for the first gateway a test file starts.
let upstreams: Upstreams;

beforeAll(async () => {
  upstreams = await startOpenAiUpstreams(['openai']);
});

afterAll(async () => {
  await upstreams?.closeAll();
});

describe('an issuer that is down when the gateway starts', () => {
  it('starts, is not ready and answers 503 until discovery succeeds, then serves', async () => {
    const issuer: TestIssuer = await startTestIssuer({ down: true });
    const issuerUrl = issuer.issuer;
    const gateway = await startTestGateway({ ...upstreams.env, AUTH_ENABLED: 'true', AUTH_OIDC_ISSUER: issuerUrl, AUTH_OIDC_CLIENT_ID: GATEWAY_AUDIENCE });
    try {
      expect((await fetch(`${gateway.url}/health`)).status).toBe(200);
      const notReady = await fetch(`${gateway.url}/health/ready`);
      expect(notReady.status).toBe(503);
      const result = (await notReady.json()) as { status: string; error: { gateway: Record<string, string> } };
      expect(result.status).toBe('error');
      expect(result.error.gateway).toMatchObject({ status: 'down', auth: expect.stringMatching(/.+/) });
      // The issuer cuts every connection: the gateway logs why discovery failed, and retries.
      await waitFor(() => gateway.rawLogs.some((line) => new RegExp(`issuer ${issuerUrl} not reachable yet: \\S.*; retrying in`).test(line)));

      for (const headers of [{ authorization: 'Bearer anything' }, {}]) {
        const refused = await fetch(`${gateway.url}/v1/models`, { headers });
        expect(refused.status).toBe(503);
        expect(refused.headers.get('retry-after')).toBe('5');
        expect(await refused.json()).toEqual({
          error: { message: expect.stringContaining('identity provider'), type: 'server_error', param: null, code: 'auth_unavailable' },
        });
      }

      await issuer.resume();
      await waitFor(async () => (await fetch(`${gateway.url}/health/ready`)).status === 200);
      const token = await issuer.token();
      expect((await fetch(`${gateway.url}/v1/models`, { headers: { authorization: `Bearer ${token}` } })).status).toBe(200);
      expect(issuer.hits.get('/.well-known/openid-configuration')).toBeGreaterThanOrEqual(1);
    } finally {
      await gateway.close();
      await issuer.close();
    }
  });
});

describe('an issuer that is down, with API keys accepted too', () => {
  it('serves key callers and answers token callers 503 until the issuer is reached', async () => {
    const issuer = await startTestIssuer({ down: true });
    const key = newKey();
    const file = accessFile(`keys:\n  - { name: service, sha256: ${key.sha256} }\n`);
    const gateway = await startTestGateway({
      ...upstreams.env,
      AUTH_ENABLED: 'true',
      AUTH_OIDC_ISSUER: issuer.issuer,
      AUTH_OIDC_CLIENT_ID: GATEWAY_AUDIENCE,
      ACCESS_CONFIG_PATH: file.path,
    });
    try {
      expect((await fetch(`${gateway.url}/v1/models`, { headers: { authorization: `Bearer ${key.key}` } })).status).toBe(200);
      const token = await fetch(`${gateway.url}/v1/models`, { headers: { authorization: 'Bearer eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln' } });
      expect(token.status).toBe(503);
      expect(((await token.json()) as { error: { code: string } }).error.code).toBe('auth_unavailable');
      expect((await fetch(`${gateway.url}/v1/models`)).status).toBe(401);
    } finally {
      await gateway.close();
      await issuer.close();
      file.remove();
    }
  });
});

async function waitFor(condition: () => boolean | Promise<boolean>, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
