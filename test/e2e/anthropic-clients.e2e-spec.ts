import Anthropic from '@anthropic-ai/sdk';
import { ANTHROPIC_MODELS } from '../support/anthropic-responses.js';
import { startTestGateway, type TestGateway } from '../support/gateway-harness.js';
import { startMockAnthropicUpstream, type MockAnthropicUpstream } from '../support/mock-anthropic-upstream.js';
import { MOCK_KEY, startMockOpenAiUpstream, type MockUpstream } from '../support/mock-openai-upstream.js';
import { GATEWAY_AUDIENCE, startTestIssuer, type TestIssuer } from '../support/oidc-issuer.js';

// What Anthropic clients need besides /v1/messages: their token accepted where they send it
// (`x-api-key` or `Authorization: Bearer`) when AUTH_ENABLED, and /v1/models in Anthropic's shape.

const MODEL = 'anthropic/claude-sonnet-4-5-20250929';
type Json = Record<string, unknown>;

let issuer: TestIssuer;
let anthropic: MockAnthropicUpstream;
let openai: MockUpstream;
let gateway: TestGateway;

beforeAll(async () => {
  [issuer, anthropic, openai] = await Promise.all([startTestIssuer(), startMockAnthropicUpstream(), startMockOpenAiUpstream('openai')]);
  gateway = await startTestGateway({
    ANTHROPIC_API_URL: anthropic.baseUrl,
    ANTHROPIC_API_KEY: MOCK_KEY,
    OPENAI_API_URL: openai.baseUrl,
    OPENAI_API_KEY: MOCK_KEY,
    AUTH_ENABLED: 'true',
    AUTH_OIDC_ISSUER: issuer.issuer,
    AUTH_OIDC_CLIENT_ID: GATEWAY_AUDIENCE,
  });
});

afterAll(async () => {
  await gateway?.close();
  await Promise.all([issuer?.close(), anthropic?.close(), openai?.close()]);
});

const hello = { model: MODEL, max_tokens: 64, messages: [{ role: 'user', content: 'Hello' }] };

async function post(headers: Record<string, string>, path = '/v1/messages', body: Json = hello) {
  const response = await fetch(`${gateway.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  return { status: response.status, body: (await response.json()) as Json };
}

describe('the caller token of an Anthropic client', () => {
  it('is accepted in x-api-key (Claude Code with ANTHROPIC_API_KEY) and never reaches the upstream', async () => {
    const token = await issuer.token();
    const result = await post({ 'x-api-key': token, 'anthropic-version': '2023-06-01' });
    expect(result.status).toBe(200);
    expect(anthropic.requests.at(-1)!.headers['x-api-key']).toBe(MOCK_KEY);
    expect(JSON.stringify(anthropic.requests.at(-1)!.headers)).not.toContain(token);
  });

  it('is accepted as Authorization: Bearer (the SDK, Claude Code with ANTHROPIC_AUTH_TOKEN)', async () => {
    const client = new Anthropic({ baseURL: gateway.url, apiKey: await issuer.token(), maxRetries: 0 });
    const message = await client.messages.create({ model: MODEL, max_tokens: 64, messages: [{ role: 'user', content: 'Hello' }] });
    expect(message.type).toBe('message');
    expect(anthropic.requests.at(-1)!.headers.authorization).toBeUndefined();
  });

  it('is accepted on count_tokens in x-api-key', async () => {
    const result = await post({ 'x-api-key': await issuer.token() }, '/v1/messages/count_tokens', { model: MODEL, messages: hello.messages });
    expect(result.status).toBe(200);
    expect(result.body.input_tokens).toEqual(expect.any(Number));
  });

  it("is refused in Anthropic's envelope when missing or invalid", async () => {
    expect(await post({})).toEqual({
      status: 401,
      body: { type: 'error', error: { type: 'authentication_error', message: expect.stringContaining('x-api-key') } },
    });
    expect(await post({ 'x-api-key': 'not-a-token' })).toEqual({
      status: 401,
      body: { type: 'error', error: { type: 'authentication_error', message: expect.any(String) } },
    });
    const client = new Anthropic({ baseURL: gateway.url, apiKey: 'not-a-token', maxRetries: 0 });
    await expect(client.messages.create({ model: MODEL, max_tokens: 64, messages: [{ role: 'user', content: 'Hi' }] })).rejects.toBeInstanceOf(
      Anthropic.AuthenticationError,
    );
  });

  it('in x-api-key does not authenticate OpenAI routes, which read the bearer token only', async () => {
    const response = await fetch(`${gateway.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-api-key': await issuer.token() },
      body: JSON.stringify({ model: 'openai/gpt-4o-mini', messages: [{ role: 'user', content: 'Hi' }] }),
    });
    expect(response.status).toBe(401);
  });
});

describe('GET /v1/models for Anthropic clients', () => {
  it("lists every provider's models in Anthropic's shape, page by page, through the SDK", async () => {
    const client = new Anthropic({ baseURL: gateway.url, apiKey: await issuer.token(), maxRetries: 0 });
    const ids: string[] = [];
    for await (const model of client.models.list({ limit: 2 })) {
      expect(model).toEqual({ type: 'model', id: model.id, display_name: model.id, created_at: expect.stringMatching(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/) });
      ids.push(model.id);
    }
    expect(ids).toEqual(expect.arrayContaining([...ANTHROPIC_MODELS.map((model) => `anthropic/${model.id}`), 'openai/gpt-4o-mini']));
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('answers one page with has_more, first_id and last_id; before_id pages back', async () => {
    const headers = { authorization: `Bearer ${await issuer.token()}`, 'anthropic-version': '2023-06-01' };
    const all = (await (await fetch(`${gateway.url}/v1/models?limit=1000`, { headers })).json()) as { data: Json[]; has_more: boolean };
    expect(all.has_more).toBe(false);
    const first = (await (await fetch(`${gateway.url}/v1/models?limit=2`, { headers })).json()) as Json;
    expect(first).toEqual({ data: all.data.slice(0, 2), has_more: true, first_id: all.data[0].id, last_id: all.data[1].id });
    const back = (await (await fetch(`${gateway.url}/v1/models?limit=1&before_id=${encodeURIComponent(String(all.data[2].id))}`, { headers })).json()) as Json;
    expect(back).toEqual({ data: [all.data[1]], has_more: true, first_id: all.data[1].id, last_id: all.data[1].id });
    const bad = await fetch(`${gateway.url}/v1/models?limit=0`, { headers });
    expect([bad.status, await bad.json()]).toEqual([
      400,
      { type: 'error', error: { type: 'invalid_request_error', message: expect.stringContaining('limit') } },
    ]);
  });

  it('keeps the OpenAI shape for other clients', async () => {
    const response = await fetch(`${gateway.url}/v1/models`, { headers: { authorization: `Bearer ${await issuer.token()}` } });
    expect(await response.json()).toMatchObject({
      object: 'list',
      data: expect.arrayContaining([expect.objectContaining({ object: 'model', id: 'openai/gpt-4o-mini' })]),
    });
  });
});
