import { createServer, request as httpRequest, type IncomingMessage, type Server } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { startOpenAiUpstreams, startTestGateway, type TestGateway, type Upstreams } from '../support/gateway-harness.js';

/** A server no request of the gateway may ever reach. */
let evil: Server;
let evilHits: string[];
let evilHost: string;
let upstreams: Upstreams;
let gateway: TestGateway;

beforeAll(async () => {
  evilHits = [];
  evil = createServer((request, response) => {
    evilHits.push(`${request.method} ${request.url}`);
    response.end('{}');
  });
  await new Promise<void>((resolve) => evil.listen(0, '127.0.0.1', resolve));
  evilHost = `127.0.0.1:${(evil.address() as AddressInfo).port}`;
  upstreams = await startOpenAiUpstreams(['openai', 'deepseek']); // base paths /v1 and '' (empty)
  gateway = await startTestGateway(upstreams.env);
});

afterAll(async () => {
  await gateway?.close();
  await upstreams?.closeAll();
  evil?.closeAllConnections();
  await new Promise<void>((resolve) => evil?.close(() => resolve()));
});

afterEach(() => {
  expect(evilHits).toEqual([]);
  for (const mock of Object.values(upstreams.mocks)) {
    const origin = new URL(mock.baseUrl);
    for (const sent of mock.requests) {
      expect(sent.headers.host).toBe(origin.host);
      expect(sent.path.startsWith(`${origin.pathname.replace(/\/$/, '')}/`)).toBe(true);
    }
  }
});

/** Sends the path exactly as written (no client-side normalisation of `..` or `//`). */
function rawGet(path: string, headers: Record<string, string> = {}): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    const { port } = new URL(gateway.url);
    const request = httpRequest({ host: '127.0.0.1', port, path, headers }, (response: IncomingMessage) => {
      let body = '';
      response.setEncoding('utf8');
      response.on('data', (piece: string) => (body += piece));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
    });
    request.on('error', reject);
    request.end();
  });
}

describe('/proxy/<provider>/<path> stays on the configured host and under its base path', () => {
  const refused = () => [
    `/proxy/openai//${evilHost}/x`,
    `/proxy/deepseek//${evilHost}/models`,
    `/proxy/openai/http://${evilHost}/x`,
    '/proxy/openai/../../x',
    '/proxy/openai/..%2f..%2fx',
    '/proxy/openai/..%2F..%2Fx',
    '/proxy/openai/%2e%2e/%2e%2e/x',
    '/proxy/openai/.%2e/x',
    '/proxy/openai/models/./../../x',
    '/proxy/openai/models%5c..%5c..%5cx',
    '/proxy/openai/models\\..\\..\\x',
  ];

  it('refuses dot segments, encoded slashes, backslashes and empty segments with 400', async () => {
    for (const path of refused()) {
      const { status, body } = await rawGet(path);
      expect([path, status]).toEqual([path, 400]);
      expect([path, JSON.parse(body).error]).toEqual([path, expect.objectContaining({ code: 'invalid_proxy_path' })]);
    }
    expect((await rawGet('/proxy/openai/%zz')).status).toBe(400); // Express itself refuses a malformed escape
  });

  it('keeps an @, a host in the query or a Host header as plain data for the configured upstream', async () => {
    const before = upstreams.mocks.openai.requests.length;
    await rawGet(`/proxy/openai/@${evilHost}/x`);
    await rawGet(`/proxy/openai/models?next=http://${evilHost}/`);
    const viaHost = await rawGet('/proxy/openai/models', { host: evilHost, 'x-forwarded-host': evilHost, forwarded: `host=${evilHost}` });
    expect(viaHost.status).toBe(200);
    const paths = upstreams.mocks.openai.requests.slice(before).map((sent) => sent.path);
    expect(paths).toEqual([`/v1/@${evilHost}/x`, `/v1/models?next=http://${evilHost}/`, '/v1/models']);
  });

  it('answers an unknown provider spelled with a host 404', async () => {
    for (const path of [`/proxy/openai@${evilHost}/models`, `/proxy/${evilHost}/models`, `/proxy/http:%2f%2f${evilHost}/models`]) {
      expect([path, (await rawGet(path)).status]).toEqual([path, 404]);
    }
  });

  it('ignores the host of an absolute-form request target', async () => {
    const before = upstreams.mocks.openai.requests.length;
    const answer = await new Promise<string>((resolve) => {
      const socket = connect(Number(new URL(gateway.url).port), '127.0.0.1');
      let text = '';
      socket.setEncoding('utf8');
      socket.on('data', (piece: string) => {
        text += piece;
        if (text.includes('\r\n\r\n')) socket.end();
      });
      socket.on('close', () => resolve(text));
      socket.write(`GET http://${evilHost}/proxy/openai/models HTTP/1.1\r\nHost: ${evilHost}\r\nConnection: close\r\n\r\n`);
    });
    expect(answer).toMatch(/^HTTP\/1\.1 200/);
    expect(upstreams.mocks.openai.requests.slice(before).map((sent) => sent.path)).toEqual(['/v1/models']);
  });
});

describe('model names never choose a host', () => {
  const chat = (model: string, query = '') =>
    fetch(`${gateway.url}/v1/chat/completions${query}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model, messages: [{ role: 'user', content: 'Hi' }] }),
    });

  it('sends URL-like model names to the configured upstream as names (which it does not know: 404)', async () => {
    const cases: Array<[string, string]> = [
      [`openai/http://${evilHost}/v1`, `http://${evilHost}/v1`],
      ['openai/../../../x', '../../../x'],
      [`openai/@${evilHost}`, `@${evilHost}`],
      [`deepseek///${evilHost}/chat/completions`, `//${evilHost}/chat/completions`],
    ];
    for (const [model, upstreamModel] of cases) {
      const response = await chat(model);
      expect([model, response.status]).toEqual([model, 404]);
      const provider = model.split('/')[0] as 'openai' | 'deepseek';
      expect(upstreams.mocks[provider].requests.at(-1)?.body?.model).toBe(upstreamModel);
    }
    const explicit = await chat(`http://${evilHost}/v1/chat/completions`, '?provider=openai');
    expect(explicit.status).toBe(404);
    expect(upstreams.mocks.openai.requests.at(-1)?.body?.model).toBe(`http://${evilHost}/v1/chat/completions`);
  });

  it('refuses a host where a provider id belongs with 400', async () => {
    expect((await chat(`${evilHost}/gpt-4o`)).status).toBe(400);
    expect((await chat('gpt-4o', `?provider=${encodeURIComponent(`http://${evilHost}`)}`)).status).toBe(400);
  });
});
