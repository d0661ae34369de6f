import { readFileSync } from 'node:fs';
import { startMockAnthropicUpstream, type MockAnthropicUpstream } from '../support/mock-anthropic-upstream.js';
import { MOCK_KEY } from '../support/mock-openai-upstream.js';
import { startOpenAiUpstreams, startTestGateway, type TestGateway, type Upstreams } from '../support/gateway-harness.js';

/**
 * The headers of every answer of the inference routes, for a plain `provider/model` request: where
 * it went (`x-selected-provider`, `x-selected-model`, `x-gateway-attempts`), the provider's request id
 * (`x-upstream-request-id`) and, with no limits of the gateway's own, the provider's
 * `x-ratelimit-*`; and what the provider is told: the gateway's name and version, the request's id.
 */
const VERSION = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;

let upstreams: Upstreams;
let anthropic: MockAnthropicUpstream;
let gateway: TestGateway;

beforeAll(async () => {
  upstreams = await startOpenAiUpstreams(['openai']);
  anthropic = await startMockAnthropicUpstream();
  gateway = await startTestGateway({ ...upstreams.env, ANTHROPIC_API_URL: anthropic.baseUrl, ANTHROPIC_API_KEY: MOCK_KEY });
});

afterAll(async () => {
  await gateway?.close();
  await anthropic?.close();
  await upstreams?.closeAll();
});

const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
  fetch(`${gateway.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: JSON.stringify(body) });

const chatBody = (stream: boolean, content = 'Hi') => ({ model: 'openai/gpt-4o-mini', stream, messages: [{ role: 'user', content }] });
const messagesBody = (model: string, stream: boolean) => ({ model, stream, max_tokens: 64, messages: [{ role: 'user', content: 'Hi' }] });
const responsesBody = (stream: boolean) => ({ model: 'openai/gpt-4o-mini', stream, input: 'Hi' });

const CASES: Array<[string, string, unknown]> = [
  ['chat, JSON', '/v1/chat/completions', chatBody(false)],
  ['chat, stream', '/v1/chat/completions', chatBody(true)],
  ['messages translated, JSON', '/v1/messages', messagesBody('openai/gpt-4o-mini', false)],
  ['messages translated, stream', '/v1/messages', messagesBody('openai/gpt-4o-mini', true)],
  ['responses relayed, JSON', '/v1/responses', responsesBody(false)],
  ['responses relayed, stream', '/v1/responses', responsesBody(true)],
  ['embeddings', '/v1/embeddings', { model: 'openai/text-embedding-3-small', input: 'Hi' }],
];

describe('answer headers', () => {
  it.each(CASES)('%s: where it went, the provider request id and rate limits', async (_name, path, body) => {
    const before = upstreams.mocks.openai.requests.length;
    const response = await post(path, body, { 'x-request-id': 'client-chosen-id-1' });
    await response.text();
    expect(response.status).toBe(200);
    expect(response.headers.get('x-selected-provider')).toBe('openai');
    expect(response.headers.get('x-selected-model')).toMatch(/^(gpt-4o-mini|text-embedding-3-small)$/);
    expect(response.headers.get('x-gateway-attempts')).toBe('1');
    const count = upstreams.mocks.openai.requests.length;
    expect(count).toBe(before + 1);
    expect(response.headers.get('x-upstream-request-id')).toBe(`req_openai_${count}`);
    expect(response.headers.get('x-ratelimit-limit-requests')).toBe('10000');
    expect(response.headers.get('x-ratelimit-remaining-requests')).toBe(String(10000 - count));
    expect(response.headers.get('x-ratelimit-limit-tokens')).toBe('30000000');
    expect(response.headers.get('x-request-id')).toBe('client-chosen-id-1');
    const sent = upstreams.mocks.openai.requests.at(-1)!;
    expect(sent.headers['user-agent']).toBe(`llm-gateway/${VERSION}`);
    expect(sent.headers['x-request-id']).toBe('client-chosen-id-1');
  });

  it.each([false, true])("passes Anthropic's request-id back on a relayed message (stream: %s)", async (stream) => {
    const response = await post('/v1/messages', messagesBody('anthropic/claude-sonnet-4-5-20250929', stream), { 'anthropic-version': '2023-06-01' });
    await response.text();
    expect(response.status).toBe(200);
    expect(response.headers.get('x-selected-provider')).toBe('anthropic');
    expect(response.headers.get('x-upstream-request-id')).toBe(`req_011CMock${anthropic.requests.length}`);
    const sent = anthropic.requests.at(-1)!;
    expect(sent.headers['user-agent']).toBe(`llm-gateway/${VERSION}`);
    expect(sent.headers['x-request-id']).toBe(response.headers.get('x-request-id'));
  });

  it("keeps the provider's request id and rate limits on a provider's error", async () => {
    const response = await post('/v1/chat/completions', chatBody(false, 'Hi #error:429'));
    expect(response.status).toBe(429);
    expect(response.headers.get('x-upstream-request-id')).toBe(`req_openai_${upstreams.mocks.openai.requests.length}`);
    expect(response.headers.get('x-ratelimit-limit-requests')).toBe('10000');
    expect(response.headers.get('retry-after')).toBe('7');
  });
});
