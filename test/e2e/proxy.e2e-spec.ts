import Anthropic from '@anthropic-ai/sdk';
import { connect } from 'node:net';
import { startOpenAiUpstreams, startTestGateway, type TestGateway, type Upstreams } from '../support/gateway-harness.js';
import { startMockAnthropicUpstream, type MockAnthropicUpstream } from '../support/mock-anthropic-upstream.js';
import { MOCK_KEY } from '../support/mock-openai-upstream.js';

let upstreams: Upstreams;
let anthropic: MockAnthropicUpstream;
let gateway: TestGateway;

beforeAll(async () => {
  [upstreams, anthropic] = await Promise.all([startOpenAiUpstreams(['openai', 'mistral']), startMockAnthropicUpstream()]);
  gateway = await startTestGateway({
    ...upstreams.env,
    ANTHROPIC_API_URL: anthropic.baseUrl,
    ANTHROPIC_API_KEY: MOCK_KEY,
    GROQ_API_URL: 'http://127.0.0.1:1/openai/v1',
    DISALLOWED_MODELS: 'openai/gpt-4o-forbidden',
    SERVER_MAX_REQUEST_BODY_SIZE: '64KiB',
  });
});
afterAll(async () => {
  await gateway?.close();
  await Promise.all([upstreams?.closeAll(), anthropic?.close()]);
});

describe('ANY /proxy/<provider>/<path>', () => {
  it('forwards a GET to the provider with its key instead of the caller credentials', async () => {
    const response = await fetch(`${gateway.url}/proxy/openai/models`, { headers: { authorization: 'Bearer caller-token', 'openai-beta': 'assistants=v2' } });
    expect(response.status).toBe(200);
    expect(((await response.json()) as any).data[0].id).toBe('gpt-4o-mini');
    const sent = upstreams.mocks.openai.requests.at(-1)!;
    expect(sent.path).toBe('/v1/models');
    expect(sent.headers.authorization).toBe(`Bearer ${MOCK_KEY}`);
    expect(sent.headers['openai-beta']).toBe('assistants=v2');
    expect(JSON.stringify(sent.headers)).not.toContain('caller-token');
  });

  it('passes on only the headers a provider API needs, never ones that pick the billed organisation or pose as another client', async () => {
    const passed = { 'idempotency-key': 'k-1', 'x-stainless-lang': 'js', 'user-agent': 'OpenAI/JS 7', 'x-request-id': 'req-proxy-1' };
    const refused = {
      'openai-organization': 'org-caller',
      'openai-project': 'proj-caller',
      'x-real-ip': '10.0.0.1',
      via: '1.1 somewhere',
      'x-forwarded-for': '10.0.0.2',
      'x-custom': 'dropped',
      'x-hop': 'named in connection',
      connection: 'x-hop',
    };
    expect((await fetch(`${gateway.url}/proxy/openai/models`, { headers: { ...passed, ...refused } })).status).toBe(200);
    const sent = upstreams.mocks.openai.requests.at(-1)!.headers;
    expect(sent).toMatchObject(passed);
    for (const name of Object.keys(refused)) if (name !== 'connection') expect(sent).not.toHaveProperty(name);
  });

  it("sends the request's own id as x-request-id: the caller's when sane, else the gateway's", async () => {
    for (const incoming of [undefined, 'an odd id, with spaces']) {
      const response = await fetch(`${gateway.url}/proxy/openai/models`, { headers: incoming === undefined ? {} : { 'x-request-id': incoming } });
      expect(response.status).toBe(200);
      await response.text();
      const sent = upstreams.mocks.openai.requests.at(-1)!.headers['x-request-id'];
      expect(sent).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
      // The id the provider got is the one the gateway logged the request under.
      expect(gateway.logs.some((line) => line.request_id === sent && (line.request as { path?: string } | undefined)?.path === '/proxy/openai/models')).toBe(
        true,
      );
    }
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

describe('/proxy/<provider> as an SDK base URL', () => {
  it('serves the Anthropic SDK: no doubled /v1, and the anthropic-version it needs', async () => {
    const client = new Anthropic({ baseURL: `${gateway.url}/proxy/anthropic`, apiKey: 'caller-key-never-forwarded', maxRetries: 0 });
    const message = await client.messages.create({ model: 'claude-sonnet-4-5-20250929', max_tokens: 64, messages: [{ role: 'user', content: 'Hi' }] });
    expect(message.content[0]).toMatchObject({ type: 'text', text: 'Hello from anthropic!' });
    const sent = anthropic.requests.at(-1)!;
    expect(sent.path).toBe('/v1/messages');
    expect(sent.headers['x-api-key']).toBe(MOCK_KEY);
    expect(JSON.stringify(sent.headers)).not.toContain('caller-key-never-forwarded');
  });

  it('adds the anthropic-version a raw call left out', async () => {
    const response = await fetch(`${gateway.url}/proxy/anthropic/v1/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'claude-sonnet-4-5-20250929', max_tokens: 16, messages: [{ role: 'user', content: 'Hi' }] }),
    });
    expect(response.status).toBe(200);
    expect(anthropic.requests.at(-1)!.headers['anthropic-version']).toBe('2023-06-01');
  });
});

describe('/proxy limits', () => {
  it('applies the model allow-list to a body that names a model', async () => {
    const before = upstreams.mocks.openai.requests.length;
    const response = await fetch(`${gateway.url}/proxy/openai/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'gpt-4o-forbidden', messages: [{ role: 'user', content: 'Hi' }] }),
    });
    expect(response.status).toBe(403);
    expect(((await response.json()) as any).error.code).toBe('model_not_allowed');
    expect(upstreams.mocks.openai.requests.length).toBe(before);
  });

  it('answers a Content-Length over SERVER_MAX_REQUEST_BODY_SIZE with 413 at once, before the body', async () => {
    const answer = await new Promise<string>((resolve) => {
      const socket = connect(Number(new URL(gateway.url).port), '127.0.0.1');
      let text = '';
      socket.on('data', (data: Buffer) => (text += data.toString('latin1')));
      socket.on('close', () => resolve(text));
      socket.on('error', () => resolve(text));
      socket.write('POST /proxy/openai/files HTTP/1.1\r\nHost: x\r\nContent-Type: multipart/form-data; boundary=b\r\nContent-Length: 1048576\r\n\r\n--b\r\n');
      setTimeout(() => socket.destroy(), 10_000).unref();
    });
    expect(answer.startsWith('HTTP/1.1 413')).toBe(true);
  });

  it('cuts an upload without Content-Length once it passes the limit (413)', async () => {
    const before = upstreams.mocks.openai.requests.length;
    const big = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let index = 0; index < 32; index++) controller.enqueue(new Uint8Array(8 * 1024));
        controller.close();
      },
    });
    const response = await fetch(`${gateway.url}/proxy/openai/files`, {
      method: 'POST',
      headers: { 'content-type': 'application/octet-stream' },
      body: big,
      duplex: 'half',
    } as RequestInit);
    expect(response.status).toBe(413);
    expect(upstreams.mocks.openai.requests.slice(before).every((request) => request.aborted)).toBe(true);
  });
});
