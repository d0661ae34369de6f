import OpenAI from 'openai';
import { startOpenAiUpstreams, startTestGateway, type TestGateway, type Upstreams } from '../support/gateway-harness.js';

let upstreams: Upstreams;
let gateway: TestGateway;
let client: OpenAI;

beforeAll(async () => {
  upstreams = await startOpenAiUpstreams(['openai', 'google', 'mistral', 'cloudflare']);
  gateway = await startTestGateway({
    ...upstreams.env,
    SERVER_MAX_REQUEST_BODY_SIZE: '64KiB',
    GROQ_API_URL: 'http://127.0.0.1:1/openai/v1', // no key: unusable
    DEEPSEEK_API_URL: 'http://127.0.0.1:1', // nothing listens on port 1
    DEEPSEEK_API_KEY: 'sk-unreachable',
  });
  client = new OpenAI({ baseURL: `${gateway.url}/v1`, apiKey: 'client-token', maxRetries: 0 });
});

afterAll(async () => {
  await gateway?.close();
  await upstreams?.closeAll();
});

const post = (body: unknown, headers: Record<string, string> = { 'content-type': 'application/json' }) =>
  fetch(`${gateway.url}/v1/chat/completions`, { method: 'POST', headers, body: typeof body === 'string' ? body : JSON.stringify(body) });

const HI = [{ role: 'user', content: 'Hi' }];

async function expectError(response: Response, status: number, expected: { type?: string; param?: string | null; code?: string | null; message?: RegExp }) {
  expect(response.status).toBe(status);
  expect(response.headers.get('content-type')).toContain('application/json');
  const body = (await response.json()) as { error: Record<string, unknown> };
  expect(Object.keys(body)).toEqual(['error']);
  expect(Object.keys(body.error).sort()).toEqual(['code', 'message', 'param', 'type']);
  if (expected.type) expect(body.error.type).toBe(expected.type);
  if (expected.param !== undefined) expect(body.error.param).toBe(expected.param);
  if (expected.code !== undefined) expect(body.error.code).toBe(expected.code);
  if (expected.message) expect(body.error.message).toMatch(expected.message);
  expect(JSON.stringify(body)).not.toMatch(/\bat \S+ \(|node_modules|\.ts:\d+/); // no stack trace
  return body.error;
}

describe('request validation', () => {
  it('answers invalid JSON with 400 invalid_json', async () => {
    await expectError(await post('{"model": "openai/gpt-4o-mini", "messages": ['), 400, { type: 'invalid_request_error', code: 'invalid_json' });
  });

  it('answers a body that is not an object with 400', async () => {
    await expectError(await post('[1, 2]'), 400, { code: 'invalid_body' });
  });

  it.each([
    [{ model: 'openai/gpt-4o-mini', messages: HI, temperature: 'hot' }, 'temperature'],
    [{ model: 42, messages: HI }, 'model'],
    [{ model: 'openai/gpt-4o-mini' }, 'messages'],
    [{ model: 'openai/gpt-4o-mini', messages: [{ role: 'wizard', content: 'x' }] }, 'messages[0].role'],
    [{ model: 'openai/gpt-4o-mini', messages: [{ role: 'user', content: 7 }] }, 'messages[0].content'],
    [{ model: 'openai/gpt-4o-mini', messages: HI, stream: 'yes' }, 'stream'],
    [{ model: 'openai/gpt-4o-mini', messages: HI, max_tokens: 1.5 }, 'max_tokens'],
    [{ model: 'openai/gpt-4o-mini', messages: HI, stop: ['a', 'b', 'c', 'd', 'e'] }, 'stop'],
    [{ model: 'openai/gpt-4o-mini', messages: HI, tools: [{ type: 'function', function: { description: 'no name' } }] }, 'tools[0].function.name'],
    [{ model: 'openai/gpt-4o-mini', messages: HI, tool_choice: 'sometimes' }, 'tool_choice'],
  ])('names the offending field of %j', async (body, param) => {
    await expectError(await post(body), 400, { type: 'invalid_request_error', param, message: new RegExp(param.replace(/[[\].]/g, '\\$&')) });
  });

  it('answers a body over SERVER_MAX_REQUEST_BODY_SIZE with 413 before reading it', async () => {
    const big = JSON.stringify({ model: 'openai/gpt-4o-mini', messages: [{ role: 'user', content: 'x'.repeat(70 * 1024) }] });
    await expectError(await post(big), 413, { code: 'request_too_large' });
    expect(upstreams.mocks.openai.requests.some((request) => JSON.stringify(request.body ?? '').length > 64 * 1024)).toBe(false);
  });

  it('parses JSON sent without a JSON content type (curl -d)', async () => {
    const response = await post({ model: 'openai/gpt-4o-mini', messages: HI }, { 'content-type': 'application/x-www-form-urlencoded' });
    expect(response.status).toBe(200);
  });

  it('answers an unknown route with an OpenAI-shaped 404 naming the method and path (not the query)', async () => {
    await expectError(await fetch(`${gateway.url}/v1/nothing-here`), 404, { code: 'not_found', message: /^Unknown route: GET \/v1\/nothing-here$/ });
    const post = await fetch(`${gateway.url}/v1/nothing?key=secret-in-query`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    await expectError(post, 404, { type: 'invalid_request_error', code: 'not_found', message: /^Unknown route: POST \/v1\/nothing$/ });
  });
});

describe('routing errors', () => {
  it('rejects a model without a provider prefix', async () => {
    await expectError(await post({ model: 'gpt-4o-mini', messages: HI }), 400, { param: 'model', code: 'missing_provider', message: /openai, groq/ });
  });

  it('rejects an unknown provider', async () => {
    await expectError(await post({ model: 'nobody/some-model', messages: HI }), 400, { param: 'model', code: 'unknown_provider', message: /"nobody"/ });
  });

  it('rejects a provider that has no key, saying which variable to set', async () => {
    await expectError(await post({ model: 'groq/llama-3.3-70b-versatile', messages: HI }), 400, { code: 'provider_not_configured', message: /GROQ_API_KEY/ });
  });

  it('rejects an unknown ?provider=', async () => {
    const response = await fetch(`${gateway.url}/v1/chat/completions?provider=nobody`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'gpt-4o-mini', messages: HI }),
    });
    await expectError(response, 400, { param: 'provider', code: 'unknown_provider' });
  });
});

describe('upstream errors', () => {
  it.each([400, 401, 403, 404, 422, 500, 503])('keeps an upstream %i and its message', async (status) => {
    const error = await expectError(await post({ model: 'openai/gpt-4o-mini', messages: [{ role: 'user', content: `#error:${status}` }] }), status, {
      message: new RegExp(`Mock failure ${status}`),
    });
    expect(error.type).toBe(status >= 500 ? 'api_error' : 'invalid_request_error');
  });

  it('unwraps Gemini array-wrapped errors', async () => {
    await expectError(await post({ model: 'google/gemini-2.5-flash', messages: [{ role: 'user', content: '#error:400' }] }), 400, {
      message: /Mock failure 400/,
    });
  });

  it("reads Mistral's flat error objects", async () => {
    await expectError(await post({ model: 'mistral/mistral-large-latest', messages: [{ role: 'user', content: '#error:429' }] }), 429, {
      message: /Mock failure 429/,
      code: '1300',
    });
  });

  it("reads Cloudflare's error envelope", async () => {
    await expectError(await post({ model: 'cloudflare/@cf/meta/llama-3.1-8b-instruct', messages: [{ role: 'user', content: '#error:403' }] }), 403, {
      message: /Mock failure 403/,
      code: '10403',
    });
  });

  it('keeps an upstream 404 for an unknown model', async () => {
    await expectError(await post({ model: 'openai/no-such-model', messages: HI }), 404, { code: 'model_not_found', message: /no-such-model/ });
  });

  it('answers 502 when the upstream cannot be reached', async () => {
    await expectError(await post({ model: 'deepseek/deepseek-chat', messages: HI }), 502, { type: 'api_error' });
    await expectError(await post({ model: 'deepseek/deepseek-chat', messages: HI, stream: true }), 502, { type: 'api_error' });
  });

  it('surfaces a streamed upstream error before the first byte with its status, through the openai client', async () => {
    const error = await client.chat.completions
      .create({ model: 'openai/gpt-4o-mini', messages: [{ role: 'user', content: '#error:429' }], stream: true })
      .catch((caught: unknown) => caught);
    expect(error).toBeInstanceOf(OpenAI.RateLimitError);
  });
});
