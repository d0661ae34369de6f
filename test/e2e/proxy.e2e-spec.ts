import { startOpenAiUpstreams, startTestGateway, type TestGateway, type Upstreams } from '../support/gateway-harness.js';
import { MOCK_KEY } from '../support/mock-openai-upstream.js';

let upstreams: Upstreams;
let gateway: TestGateway;

beforeAll(async () => {
  upstreams = await startOpenAiUpstreams(['openai', 'mistral']);
  gateway = await startTestGateway({ ...upstreams.env, GROQ_API_URL: 'http://127.0.0.1:1/openai/v1' });
});
afterAll(async () => {
  await gateway?.close();
  await upstreams?.closeAll();
});

describe('ANY /proxy/<provider>/<path>', () => {
  it('forwards a GET to the provider with its key instead of the caller credentials', async () => {
    const response = await fetch(`${gateway.url}/proxy/openai/models`, { headers: { authorization: 'Bearer caller-token', 'x-custom': 'kept' } });
    expect(response.status).toBe(200);
    expect(((await response.json()) as any).data[0].id).toBe('gpt-4o-mini');
    const sent = upstreams.mocks.openai.requests.at(-1)!;
    expect(sent.path).toBe('/v1/models');
    expect(sent.headers.authorization).toBe(`Bearer ${MOCK_KEY}`);
    expect(sent.headers['x-custom']).toBe('kept');
    expect(JSON.stringify(sent.headers)).not.toContain('caller-token');
  });

  it('streams a POST body through byte for byte and the answer back, SSE included', async () => {
    const body = JSON.stringify({ model: 'mistral-large-latest', stream: true, messages: [{ role: 'user', content: 'Hi' }], unknown_field: 1 });
    const response = await fetch(`${gateway.url}/proxy/mistral/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    // No translation on this route: the body reaches the provider exactly as sent.
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/event-stream');
    const text = await response.text();
    expect(text.endsWith('data: [DONE]\n\n')).toBe(true);
    expect(upstreams.mocks.mistral.requests.at(-1)!.body).toEqual(JSON.parse(body));
  });

  it('keeps the query string and the upstream status', async () => {
    const response = await fetch(`${gateway.url}/proxy/openai/no/such/path?x=1`);
    expect(response.status).toBe(404);
    expect(upstreams.mocks.openai.unexpected.at(-1)!.path).toBe('/v1/no/such/path?x=1');
    upstreams.mocks.openai.unexpected.length = 0;
  });

  it('refuses unknown and unconfigured providers with OpenAI-shaped errors', async () => {
    const unknown = await fetch(`${gateway.url}/proxy/nobody/models`);
    expect(unknown.status).toBe(404);
    expect(((await unknown.json()) as any).error.code).toBe('unknown_provider');
    const unconfigured = await fetch(`${gateway.url}/proxy/groq/models`);
    expect(unconfigured.status).toBe(400);
    expect(((await unconfigured.json()) as any).error.message).toContain('GROQ_API_KEY');
  });
});
