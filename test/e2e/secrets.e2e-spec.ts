import OpenAI from 'openai';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { startOpenAiUpstreams, startTestGateway, type TestGateway, type Upstreams } from '../support/gateway-harness.js';
import { nowSeconds, signRs256, withTamperedClaims } from '../support/jwt-forgery.js';
import { MOCK_KEY } from '../support/mock-openai-upstream.js';
import { GATEWAY_AUDIENCE, RESOURCES, SERVICE_CLIENT, startTestIssuer, type TestIssuer } from '../support/oidc-issuer.js';

/** A provider key that the "echoing" upstream quotes back in its error messages, as some providers do. */
const QUOTED_KEY = 'gsk_quoted_provider_key_0c9e71d2a4';

let issuer: TestIssuer;
let upstreams: Upstreams;
let echoing: Server;
let gateway: TestGateway;
/** Everything a client saw: statuses, headers and bodies of every answer. */
const transcript: string[] = [];

beforeAll(async () => {
  [issuer, upstreams] = await Promise.all([startTestIssuer(), startOpenAiUpstreams(['openai'])]);
  echoing = createServer((request, response) => {
    request.resume();
    response.writeHead(401, { 'content-type': 'application/json' });
    response.end(
      JSON.stringify({
        error: { message: `Incorrect API key provided: ${request.headers.authorization}`, type: 'invalid_request_error', code: 'invalid_api_key' },
      }),
    );
  });
  await new Promise<void>((resolve) => echoing.listen(0, '127.0.0.1', resolve));
  gateway = await startTestGateway({
    ...upstreams.env,
    GROQ_API_URL: `http://127.0.0.1:${(echoing.address() as AddressInfo).port}/openai/v1`,
    GROQ_API_KEY: QUOTED_KEY,
    AUTH_ENABLED: 'true',
    AUTH_OIDC_ISSUER: issuer.issuer,
    AUTH_OIDC_CLIENT_ID: GATEWAY_AUDIENCE,
  });
});

afterAll(async () => {
  await gateway?.close();
  echoing?.closeAllConnections();
  await new Promise<void>((resolve) => echoing?.close(() => resolve()));
  await Promise.all([issuer?.close(), upstreams?.closeAll()]);
});

/** Calls the gateway and records the whole answer as the client saw it. */
async function call(token: string | undefined, path: string, body?: unknown): Promise<number> {
  const response = await fetch(`${gateway.url}${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  transcript.push(`${response.status} ${JSON.stringify([...response.headers])} ${await response.text()}`);
  return response.status;
}

const chatBody = (content: string, stream = false, model = 'openai/gpt-4o-mini') => ({ model, stream, messages: [{ role: 'user', content }] });

it('no provider key or bearer token appears in any answer or log line of a full run', async () => {
  const valid = await issuer.token();
  const otherAudience = await issuer.token(RESOURCES.otherApi);
  const key = issuer.keys[0];
  const expired = signRs256({ kid: key.kid }, { iss: issuer.issuer, aud: GATEWAY_AUDIENCE, sub: SERVICE_CLIENT.id, exp: nowSeconds() - 600 }, key.privateKey);
  const tampered = withTamperedClaims(valid, { sub: 'someone-else' });
  const garbage = 'garbage-bearer-token-4f1c8a9e77';
  const tokens = [valid, otherAudience, expired, tampered, garbage];

  // Authenticated traffic: answers, streams, upstream errors, failures mid-stream, the raw proxy.
  expect(await call(valid, '/v1/chat/completions', chatBody('Hi'))).toBe(200);
  expect(await call(valid, '/v1/chat/completions', chatBody('Hi #tools', true))).toBe(200);
  expect(await call(valid, '/v1/chat/completions', chatBody('Hi #midstream-error', true))).toBe(200);
  await call(valid, '/v1/chat/completions', chatBody('Hi #truncate', true)); // the upstream cuts the stream: its status depends on when
  for (const status of [400, 401, 429, 500, 503]) expect(await call(valid, '/v1/chat/completions', chatBody(`Hi #error:${status}`))).toBe(status);
  expect(await call(valid, '/v1/chat/completions', chatBody(`Hi #error:500`, true))).toBe(500);
  expect(await call(valid, '/v1/models')).toBe(200);
  expect(await call(valid, '/proxy/openai/models')).toBe(200);
  expect(await call(valid, '/proxy/openai/no-such-route')).toBe(404);
  // The provider that quotes its key back: through the chat route, streaming or not, and the raw proxy.
  expect(await call(valid, '/v1/chat/completions', chatBody('Hi', false, 'groq/llama-3.3-70b-versatile'))).toBe(401);
  expect(await call(valid, '/v1/chat/completions', chatBody('Hi', true, 'groq/llama-3.3-70b-versatile'))).toBe(401);
  expect(await call(valid, '/proxy/groq/models')).toBe(401);
  // Refused tokens on every kind of route.
  for (const token of [undefined, ...tokens.slice(1)]) {
    expect(await call(token, '/v1/chat/completions', chatBody('Hi'))).toBe(401);
    expect(await call(token, '/v1/models')).toBe(401);
    expect(await call(token, '/proxy/openai/models')).toBe(401);
  }
  // The official client too, with a token that is refused.
  await expect(new OpenAI({ baseURL: `${gateway.url}/v1`, apiKey: garbage, maxRetries: 0 }).models.list()).rejects.toBeInstanceOf(OpenAI.AuthenticationError);

  // The quoting provider did quote the key, and the gateway did reach it with it: the check below is not vacuous.
  expect(transcript.some((entry) => entry.includes('Incorrect API key provided: Bearer [redacted]'))).toBe(true);
  expect(upstreams.mocks.openai.requests.every((sent) => sent.headers.authorization === `Bearer ${MOCK_KEY}`)).toBe(true);
  expect(gateway.rawLogs.length).toBeGreaterThan(30);

  const everything = [...transcript, ...gateway.rawLogs].join('\n');
  const secrets = [
    MOCK_KEY,
    QUOTED_KEY,
    SERVICE_CLIENT.secret,
    ...tokens,
    ...tokens.map((token) => token.split('.')[2]).filter((part) => part && part.length > 20),
  ];
  for (const secret of secrets) expect(everything.includes(secret) ? secret : 'absent').toBe('absent');
  for (const sent of upstreams.mocks.openai.requests) for (const token of tokens) expect(JSON.stringify(sent)).not.toContain(token);
});
