import { performance } from 'node:perf_hooks';
import { startOpenAiUpstreams, startTestGateway, type TestGateway, type Upstreams } from '../support/gateway-harness.js';
import { nowSeconds, signRs256 } from '../support/jwt-forgery.js';
import { GATEWAY_AUDIENCE, generateSigningKey, SERVICE_CLIENT, startTestIssuer, type TestIssuer } from '../support/oidc-issuer.js';

let upstreams: Upstreams;

beforeAll(async () => {
  upstreams = await startOpenAiUpstreams(['openai']);
});

afterAll(async () => {
  await upstreams?.closeAll();
});

const authEnvironment = (issuerUrl: string) => ({ ...upstreams.env, AUTH_ENABLED: 'true', AUTH_OIDC_ISSUER: issuerUrl, AUTH_OIDC_CLIENT_ID: GATEWAY_AUDIENCE });
const getModels = (gateway: TestGateway, token: string) => fetch(`${gateway.url}/v1/models`, { headers: { authorization: `Bearer ${token}` } });
const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function timeRequests(gateway: TestGateway, token: string, count: number): Promise<number[]> {
  const durations: number[] = [];
  for (let index = 0; index < count; index++) {
    const started = performance.now();
    const response = await getModels(gateway, token);
    await response.arrayBuffer();
    durations.push(performance.now() - started);
    expect(response.status).toBe(200);
  }
  return durations;
}

const REFRESH_INTERVAL_MS = 1_000;

describe('a flood of tokens with made-up key ids', () => {
  let issuer: TestIssuer;
  let gateway: TestGateway;

  beforeAll(async () => {
    issuer = await startTestIssuer();
    gateway = await startTestGateway({ ...authEnvironment(issuer.issuer), AUTH_JWKS_MIN_REFRESH_INTERVAL: `${REFRESH_INTERVAL_MS}ms` });
  });

  afterAll(async () => {
    await gateway?.close();
    await issuer?.close();
  });

  it('costs the issuer one key set fetch per refresh interval and does not slow the next good request', async () => {
    const token = await issuer.token();
    await timeRequests(gateway, token, 10); // warm-up: key cached, model lists cached
    const before = median(await timeRequests(gateway, token, 30));
    await new Promise((resolve) => setTimeout(resolve, REFRESH_INTERVAL_MS)); // the first made-up kid may refresh the set
    const fetchesBefore = issuer.hits.get('/jwks') ?? 0;

    const attacker = generateSigningKey();
    const claims = { iss: issuer.issuer, aud: GATEWAY_AUDIENCE, sub: SERVICE_CLIENT.id, iat: nowSeconds(), exp: nowSeconds() + 300 };
    const floodStarted = performance.now();
    const statuses: number[] = [];
    for (let batch = 0; batch < 10; batch++) {
      const responses = await Promise.all(
        Array.from({ length: 20 }, () => getModels(gateway, signRs256({ kid: `made-up-${Math.random().toString(36).slice(2)}` }, claims, attacker.privateKey))),
      );
      statuses.push(...responses.map((response) => response.status));
      await Promise.all(responses.map((response) => response.arrayBuffer()));
    }
    const floodMs = performance.now() - floodStarted;

    const [next] = await timeRequests(gateway, token, 1);
    const after = median(await timeRequests(gateway, token, 30));
    const fetches = (issuer.hits.get('/jwks') ?? 0) - fetchesBefore;
    process.stdout.write(
      `flood of 200 made-up kids: ${floodMs.toFixed(0)} ms in all; key set fetches ${fetches}; ` +
        `good request median before ${before.toFixed(2)} ms, next ${next.toFixed(2)} ms, median after ${after.toFixed(2)} ms\n`,
    );

    expect(statuses).toEqual(Array(200).fill(401));
    expect(fetches).toBeGreaterThanOrEqual(1);
    expect(fetches).toBeLessThanOrEqual(1 + Math.floor(floodMs / REFRESH_INTERVAL_MS));
    expect(next).toBeLessThan(Math.max(before * 5, before + 25));
    // Generous bounds: other test files share the two cores; a slowed verifier would cost far more.
    expect(after).toBeLessThan(Math.max(before * 3, before + 20));
  });
});
