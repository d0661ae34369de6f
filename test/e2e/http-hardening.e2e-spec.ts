import { request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import { performance } from 'node:perf_hooks';
import { startOpenAiUpstreams, startTestGateway, type TestGateway, type Upstreams } from '../support/gateway-harness.js';

const READ_TIMEOUT_MS = 1_000;
const BODY_LIMIT_BYTES = 64 * 1024;
const APP_ORIGIN = 'https://app.example.com';

let upstreams: Upstreams;
let gateway: TestGateway;

beforeAll(async () => {
  upstreams = await startOpenAiUpstreams(['openai']);
  gateway = await startTestGateway({
    ...upstreams.env,
    SERVER_READ_TIMEOUT: `${READ_TIMEOUT_MS}ms`,
    SERVER_MAX_REQUEST_BODY_SIZE: String(BODY_LIMIT_BYTES),
    CORS_ALLOWED_ORIGINS: `${APP_ORIGIN}, http://localhost:3000`,
  });
});

afterAll(async () => {
  await gateway?.close();
  await upstreams?.closeAll();
});

const port = () => Number(new URL(gateway.url).port);
const chat = (body: unknown) =>
  fetch(`${gateway.url}/v1/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
const nested = (depth: number): unknown => (depth <= 1 ? { type: 'string' } : { type: 'object', properties: { child: nested(depth - 1) } });
const withSchema = (schema: unknown) => ({
  model: 'openai/gpt-4o-mini',
  messages: [{ role: 'user', content: 'Hi' }],
  response_format: { type: 'json_schema', json_schema: { name: 'deep', schema } },
});
/** Depth of `withSchema(nested(n))`: each `nested` level adds two (the level and its `properties`). */
const depthOf = (levels: number) => 4 + 2 * levels - 1;

describe('request bodies', () => {
  it('refuses a declared Content-Length over the limit with 413 before reading it', async () => {
    const response = await fetch(`${gateway.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: 'x'.repeat(BODY_LIMIT_BYTES + 1),
    });
    expect(response.status).toBe(413);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe('request_too_large');
  });

  it('refuses a chunked body without Content-Length once it passes the limit (413), nothing sent upstream', async () => {
    const before = upstreams.mocks.openai.requests.length;
    const { status, body } = await new Promise<{ status: number; body: string }>((resolve, reject) => {
      const request = httpRequest(
        {
          host: '127.0.0.1',
          port: port(),
          method: 'POST',
          path: '/v1/chat/completions',
          headers: { 'content-type': 'application/json', 'transfer-encoding': 'chunked' },
        },
        (response) => {
          let text = '';
          response.setEncoding('utf8');
          response.on('data', (piece: string) => (text += piece));
          response.on('end', () => resolve({ status: response.statusCode ?? 0, body: text }));
        },
      );
      request.on('error', reject);
      request.write('{"model":"openai/gpt-4o-mini","messages":[{"role":"user","content":"');
      for (let index = 0; index < 256; index++) request.write(Buffer.alloc(8 * 1024, 'a')); // 2 MiB, limit 64 KiB
      request.end('"}]}');
    });
    expect(status).toBe(413);
    expect(JSON.parse(body)).toEqual({
      error: { message: 'Request body is too large.', type: 'invalid_request_error', param: null, code: 'request_too_large' },
    });
    expect(upstreams.mocks.openai.requests.length).toBe(before);
  });

  it(`refuses JSON nested deeper than 64 levels with 400 before parsing it, and accepts deep but bounded JSON`, async () => {
    const tooDeep = await chat(withSchema(nested(32)));
    expect(depthOf(32)).toBeGreaterThan(64);
    expect(tooDeep.status).toBe(400);
    expect(await tooDeep.json()).toEqual({
      error: { message: expect.stringContaining('deeper than 64'), type: 'invalid_request_error', param: null, code: 'json_too_deep' },
    });

    expect(depthOf(30)).toBeLessThanOrEqual(64);
    const bounded = await chat(withSchema(nested(30)));
    expect(bounded.status).toBe(200);
    expect(JSON.stringify(upstreams.mocks.openai.requests.at(-1)?.body)).toContain('"child"');
  });

  it('answers valid JSON nested 15,000 levels deep with 400, not a crash or a 500', async () => {
    const deep = `${'['.repeat(15_000)}${']'.repeat(15_000)}`;
    const body = `{"model":"openai/gpt-4o-mini","messages":[{"role":"user","content":"Hi"}],"metadata":${deep}}`;
    const response = await fetch(`${gateway.url}/v1/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body });
    expect(response.status).toBe(400);
    expect(((await response.json()) as { error: { code: string } }).error.code).toBe('json_too_deep');
    expect((await fetch(`${gateway.url}/health`)).status).toBe(200);
  });

  it('does not count brackets inside strings', async () => {
    const response = await chat({ model: 'openai/gpt-4o-mini', messages: [{ role: 'user', content: `${'[{'.repeat(5_000)} "\\" ]` }] });
    expect(response.status).toBe(200);
  });
});

describe('response headers', () => {
  it('carry helmet headers for an API, on JSON and on streams', async () => {
    const responses = [
      await fetch(`${gateway.url}/v1/models`),
      await chat({ model: 'openai/gpt-4o-mini', messages: [{ role: 'user', content: 'Hi' }], stream: true }),
    ];
    for (const response of responses) {
      await response.arrayBuffer();
      expect(response.status).toBe(200);
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(response.headers.get('x-frame-options')).toBe('DENY');
      expect(response.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
      expect(response.headers.get('referrer-policy')).toBe('no-referrer');
      expect(response.headers.get('strict-transport-security')).toBeNull(); // plain HTTP here
      expect(response.headers.get('x-powered-by')).toBeNull();
    }
  });

  it('keep Swagger UI working: every script and stylesheet is same-origin and served, none inline', async () => {
    const page = await fetch(`${gateway.url}/docs/`);
    expect(page.status).toBe(200);
    const csp = page.headers.get('content-security-policy') ?? '';
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('upgrade-insecure-requests'); // would break the page over plain HTTP
    const html = await page.text();
    expect(html).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/); // an inline script would be blocked
    const assets = [...html.matchAll(/<(?:script[^>]*\bsrc|link[^>]*\bhref)="([^"]+)"/g)].map((match) => match[1]);
    expect(assets.filter((asset) => asset.endsWith('.js'))).toHaveLength(3);
    for (const asset of assets) {
      expect(asset).not.toMatch(/^(https?:)?\/\//);
      const response = await fetch(new URL(asset, `${gateway.url}/docs/`));
      expect([asset, response.status]).toEqual([asset, 200]);
      await response.arrayBuffer();
    }
    expect((await fetch(`${gateway.url}/docs/openapi.json`)).status).toBe(200);
  });
});

describe('CORS', () => {
  const preflight = (origin: string, base = gateway.url) =>
    fetch(`${base}/v1/chat/completions`, {
      method: 'OPTIONS',
      headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization,content-type' },
    });

  it('lets the configured origins in, with the headers a browser client needs', async () => {
    const allowed = await preflight(APP_ORIGIN);
    expect(allowed.status).toBe(204);
    expect(allowed.headers.get('access-control-allow-origin')).toBe(APP_ORIGIN);
    expect(allowed.headers.get('access-control-allow-headers')).toBe('authorization,content-type');
    expect(allowed.headers.get('access-control-allow-methods')).toContain('POST');
    expect(allowed.headers.get('access-control-allow-credentials')).toBeNull();

    const actual = await fetch(`${gateway.url}/v1/models`, { headers: { origin: 'http://localhost:3000' } });
    expect(actual.headers.get('access-control-allow-origin')).toBe('http://localhost:3000');
    expect(actual.headers.get('access-control-expose-headers')).toContain('www-authenticate');
  });

  it('says nothing to other origins', async () => {
    const refused = await preflight('https://evil.example');
    expect(refused.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('is off without CORS_ALLOWED_ORIGINS', async () => {
    const closed = await startTestGateway({ ...upstreams.env });
    try {
      const response = await preflight(APP_ORIGIN, closed.url);
      expect(response.headers.get('access-control-allow-origin')).toBeNull();
      expect((await fetch(`${closed.url}/v1/models`, { headers: { origin: APP_ORIGIN } })).headers.get('access-control-allow-origin')).toBeNull();
    } finally {
      await closed.close();
    }
  });
});

describe('slow clients', () => {
  /** Sends `head` then one `drip` every 100 ms; resolves with what the server said and when it closed. */
  function trickle(head: string, drip: string): Promise<{ closedAfterMs: number; answer: string }> {
    return new Promise((resolve) => {
      const socket = connect(port(), '127.0.0.1');
      const started = performance.now();
      let answer = '';
      socket.setEncoding('utf8');
      socket.on('data', (data: string) => (answer += data));
      socket.on('error', () => undefined);
      const timer = setInterval(() => socket.write(drip), 100);
      socket.on('close', () => {
        clearInterval(timer);
        resolve({ closedAfterMs: performance.now() - started, answer });
      });
      socket.write(head);
      setTimeout(() => socket.destroy(), 8_000).unref();
    });
  }

  it('cuts a client that trickles its headers (slowloris) soon after the read timeout', async () => {
    const { closedAfterMs, answer } = await trickle('GET /v1/models HTTP/1.1\r\nHost: gateway\r\n', 'X-Slow: 1\r\n');
    expect(answer).toMatch(/^HTTP\/1\.1 408/);
    expect(closedAfterMs).toBeGreaterThanOrEqual(READ_TIMEOUT_MS - 50);
    expect(closedAfterMs).toBeLessThan(READ_TIMEOUT_MS + 2_000);
  });

  // An endless body over the limit is read and discarded (so the client can read its 413), for at most the read timeout.
  it('cuts a client that trickles its body', async () => {
    const { closedAfterMs, answer } = await trickle(
      'POST /v1/chat/completions HTTP/1.1\r\nHost: gateway\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n',
      ' ',
    );
    expect(answer).toMatch(/^HTTP\/1\.1 408/);
    expect(closedAfterMs).toBeLessThan(READ_TIMEOUT_MS + 2_000);
  });

  it('never cuts a healthy stream that lasts several read timeouts', async () => {
    const started = performance.now();
    const response = await chat({ model: 'openai/gpt-4o-mini', messages: [{ role: 'user', content: 'Hi #long:12 #slow:300' }], stream: true });
    const text = await response.text();
    expect(performance.now() - started).toBeGreaterThan(3 * READ_TIMEOUT_MS);
    expect(text).toContain('t11 ');
    expect(text.trimEnd().endsWith('data: [DONE]')).toBe(true);
  });

  it('never cuts a slow non-streaming answer either', async () => {
    const response = await chat({ model: 'openai/gpt-4o-mini', messages: [{ role: 'user', content: 'Hi #slow:2500' }] });
    expect(response.status).toBe(200);
    expect(((await response.json()) as { choices: unknown[] }).choices).toHaveLength(1);
  });
});
