import OpenAI from 'openai';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { accessFile, eventually, newKey, type AccessFile } from '../support/access-file.js';
import { startOpenAiUpstreams, startTestGateway, type TestGateway, type Upstreams } from '../support/gateway-harness.js';

// API keys from the access file, on one gateway with limits in memory: who gets in, which models
// a key may use, a file changed while the gateway runs, /proxy, and keys that never reach a log.

const team = newKey();
const narrow = newKey();
const later = newKey();
const unknown = newKey();

const fileWith = (keys: string) => `
keys:
${keys}
`;
const TEAM = `  - name: team-search
    sha256: ${team.sha256}
    models: ["openai/*", "deepseek/*"]
    limits: { rpm: 1000, tpm: 1000000 }`;
const NARROW = `  - name: narrow
    sha256: ${narrow.sha256}
    models: ["openai/gpt-4o-mini", "groq/*"]
    limits: { rpm: 2 }`;
const LATER = `  - name: later
    sha256: ${later.sha256}`;

let upstreams: Upstreams;
let gateway: TestGateway;
let file: AccessFile;
/** A provider whose answers carry its account's own rate-limit headers. */
let limitedProvider: Server;

beforeAll(async () => {
  upstreams = await startOpenAiUpstreams(['openai', 'groq']);
  limitedProvider = createServer((request, response) => {
    request.resume();
    response.writeHead(200, { 'content-type': 'application/json', 'x-ratelimit-limit-requests': '14400', 'x-ratelimit-limit-tokens': '5000000' });
    response.end('{"object":"list","data":[]}');
  });
  await new Promise<void>((resolve) => limitedProvider.listen(0, '127.0.0.1', resolve));
  file = accessFile(fileWith(`${TEAM}\n${NARROW}`));
  gateway = await startTestGateway({
    ...upstreams.env,
    DEEPSEEK_API_URL: `http://127.0.0.1:${(limitedProvider.address() as AddressInfo).port}`,
    DEEPSEEK_API_KEY: 'sk-deepseek-test',
    ACCESS_CONFIG_PATH: file.path,
  });
});

afterAll(async () => {
  await gateway?.close();
  await new Promise<void>((resolve) => limitedProvider?.close(() => resolve()));
  await upstreams?.closeAll();
  file?.remove();
});

const chat = (headers: Record<string, string>, model = 'openai/gpt-4o-mini', query = '') =>
  fetch(`${gateway.url}/v1/chat/completions${query}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ model, messages: [{ role: 'user', content: 'Hello' }] }),
  });

describe('API keys (ACCESS_CONFIG_PATH)', () => {
  it('refuses a request without a credential with 401 in the route dialect', async () => {
    const response = await chat({});
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toBe('Bearer');
    expect(await response.json()).toEqual({
      error: {
        message: 'Missing credentials: send an API key as "Authorization: Bearer <credential>" or "x-api-key: <key>".',
        type: 'authentication_error',
        param: null,
        code: 'missing_api_key',
      },
    });
  });

  it('refuses an unknown key, and a JWT-shaped bearer when OIDC is off, as invalid_api_key', async () => {
    for (const credential of [unknown.key, 'eyJhbGciOiJSUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln']) {
      const response = await chat({ authorization: `Bearer ${credential}` });
      expect(response.status).toBe(401);
      expect(((await response.json()) as { error: { code: string } }).error.code).toBe('invalid_api_key');
    }
    expect(upstreams.mocks.openai.requests).toHaveLength(0);
  });

  it('serves a key sent as OpenAI clients send it, with the rate-limit headers OpenAI sends', async () => {
    const client = new OpenAI({ apiKey: team.key, baseURL: `${gateway.url}/v1` });
    const { data, response } = await client.chat.completions
      .create({ model: 'openai/gpt-4o-mini', messages: [{ role: 'user', content: 'Hi' }] })
      .withResponse();
    expect(data.choices[0].message.content).toBe('Hello from openai!');
    expect(response.headers.get('x-ratelimit-limit-requests')).toBe('1000');
    expect(Number(response.headers.get('x-ratelimit-remaining-requests'))).toBeLessThan(1000);
    expect(response.headers.get('x-ratelimit-reset-requests')).toMatch(/^(\d+ms|[\d.]+s|\d+m\d+s)$/);
    expect(response.headers.get('x-ratelimit-limit-tokens')).toBe('1000000');
    expect(Number(response.headers.get('x-ratelimit-remaining-tokens'))).toBeLessThan(1000000);
    // The caller's key never reaches the provider: the provider's own key does.
    expect(JSON.stringify(upstreams.mocks.openai.requests.at(-1)?.headers)).not.toContain(team.key);
  });

  it('serves a key sent as Anthropic clients send it (x-api-key), and logs its name', async () => {
    const response = await chat({ 'x-api-key': team.key, 'x-request-id': 'with-x-api-key' });
    expect(response.status).toBe(200);
    await eventually(() => gateway.logs.some((line) => line.request_id === 'with-x-api-key'));
    expect(gateway.logs.find((line) => line.request_id === 'with-x-api-key')).toMatchObject({ key: 'team-search', response: { status: 200 } });
  });

  it("refuses a model outside the key's list, whether named with its provider or routed by ?provider=", async () => {
    const before = upstreams.mocks.openai.requests.length;
    const outside = await chat({ authorization: `Bearer ${narrow.key}` }, 'openai/o4-mini');
    expect(outside.status).toBe(403);
    expect(await outside.json()).toEqual({
      error: { message: 'The key "narrow" may not use the model "openai/o4-mini".', type: 'permission_error', param: 'model', code: 'model_not_allowed' },
    });
    const routed = await chat({ authorization: `Bearer ${narrow.key}` }, 'o4-mini', '?provider=openai');
    expect(routed.status).toBe(403);
    expect(((await routed.json()) as { error: { message: string } }).error.message).toBe('The key "narrow" may not use the model "o4-mini" (openai/o4-mini).');
    expect(upstreams.mocks.openai.requests).toHaveLength(before);
    const inside = await chat({ authorization: `Bearer ${narrow.key}` }, 'gpt-4o-mini', '?provider=openai');
    expect(inside.status).toBe(200);
  });

  it('puts /proxy under the same key: a model list must allow the whole provider, and requests per minute count', async () => {
    const refused = await fetch(`${gateway.url}/proxy/openai/models`, { headers: { authorization: `Bearer ${narrow.key}` } });
    expect(refused.status).toBe(403);
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('model_not_allowed');
    const allowed = await fetch(`${gateway.url}/proxy/groq/models`, { headers: { 'x-api-key': narrow.key } });
    // The chat above took the first of narrow's two requests per minute; this is the second.
    expect(allowed.status).toBe(200);
    expect(allowed.headers.get('x-ratelimit-remaining-requests')).toBe('0');
    expect(JSON.stringify(upstreams.mocks.groq.requests.at(-1)?.headers)).not.toContain(narrow.key);
    const limited = await fetch(`${gateway.url}/proxy/groq/models`, { headers: { 'x-api-key': narrow.key } });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(((await limited.json()) as { error: { code: string } }).error.code).toBe('rate_limit_exceeded');
  });

  it("answers /proxy with the caller's rate-limit headers, not those of the provider account", async () => {
    const response = await fetch(`${gateway.url}/proxy/deepseek/models`, { headers: { authorization: `Bearer ${team.key}` } });
    expect(response.status).toBe(200);
    expect(response.headers.get('x-ratelimit-limit-requests')).toBe('1000');
    // Tokens are not counted on /proxy (its usage is unknown): the provider's header passes.
    expect(response.headers.get('x-ratelimit-limit-tokens')).toBe('5000000');
  });

  it('adds and revokes keys when the file changes, without a restart; a bad new file is refused and the old one stays', async () => {
    expect((await chat({ authorization: `Bearer ${later.key}` })).status).toBe(401);
    file.write(fileWith(`${NARROW}\n${LATER}`));
    await eventually(async () => (await chat({ authorization: `Bearer ${later.key}` })).status === 200);
    const revoked = await chat({ authorization: `Bearer ${team.key}` });
    expect(revoked.status).toBe(401);
    expect(((await revoked.json()) as { error: { code: string } }).error.code).toBe('invalid_api_key');
    expect(gateway.rawLogs.some((line) => line.includes('access file reloaded: 2 key(s)'))).toBe(true);

    file.write(fileWith(`${LATER}\n  - name: broken\n    sha256: not-a-hash`));
    await eventually(() => gateway.rawLogs.some((line) => line.includes('access file refused')));
    const refusal = gateway.rawLogs.find((line) => line.includes('access file refused')) ?? '';
    expect(refusal).toContain(`${file.path} line 6: keys[1] (broken).sha256 is not valid`);
    expect((await chat({ authorization: `Bearer ${later.key}` })).status).toBe(200);
    expect((await chat({ authorization: `Bearer ${narrow.key}` }, 'groq/llama-3.3-70b-versatile')).status).not.toBe(401);
  });

  it('says at start that limits are kept per replica without Redis, and tells the web UI to ask for a key and show usage', async () => {
    expect(gateway.rawLogs.some((line) => line.includes('limits and budgets are kept in memory: they hold per replica'))).toBe(true);
    const settings = await fetch(`${gateway.url}/ui/config.json`);
    expect(await settings.json()).toMatchObject({ authEnabled: true, usage: true });
  });

  it('never writes a key to a log line', () => {
    const logs = gateway.rawLogs.join('\n');
    expect(logs.length).toBeGreaterThan(0);
    for (const secret of [team.key, narrow.key, later.key, unknown.key]) expect(logs).not.toContain(secret);
  });
});
