import { readFileSync } from 'node:fs';
import OpenAI from 'openai';
import { startOpenAiUpstreams, startTestGateway, type TestGateway, type Upstreams } from '../support/gateway-harness.js';
import { MOCK_KEY } from '../support/mock-openai-upstream.js';
import { sampleOf } from '../support/schema-sample.js';

let upstreams: Upstreams;
let gateway: TestGateway;
const CLIENT_TOKEN = 'caller-bearer-4d1e7a';

beforeAll(async () => {
  upstreams = await startOpenAiUpstreams(['openai']);
  gateway = await startTestGateway(upstreams.env);
});
afterAll(async () => {
  await gateway?.close();
  await upstreams?.closeAll();
});

describe('health', () => {
  it('answers liveness and readiness once started', async () => {
    const live = await fetch(`${gateway.url}/health`);
    expect(live.status).toBe(200);
    expect(((await live.json()) as any).status).toBe('ok');
    const ready = await fetch(`${gateway.url}/health/ready`);
    expect(ready.status).toBe(200);
  });
});

describe('API documentation', () => {
  it('serves Swagger UI at /docs', async () => {
    const response = await fetch(`${gateway.url}/docs`);
    expect(response.status).toBe(200);
    expect(await response.text()).toContain('swagger-ui');
  });

  it('serves the same contract as openapi.yaml in the repository (run `npm run openapi` after changing routes)', async () => {
    const served = await (await fetch(`${gateway.url}/docs/openapi.yaml`)).text();
    expect(served).toBe(readFileSync(new URL('../../openapi.yaml', import.meta.url), 'utf8'));
  });

  it.each([
    ['the example it documents', (body: any) => body.example],
    ['a request Swagger UI generates from the schema', (body: any, components: any) => sampleOf(body, components)],
  ])('takes %s for POST /v1/chat/completions, as "Try it out" sends it', async (_name, requestFrom) => {
    const document = (await (await fetch(`${gateway.url}/docs/openapi.json`)).json()) as any;
    const schema = document.paths['/v1/chat/completions'].post.requestBody.content['application/json'].schema;
    const body = requestFrom(schema, document.components.schemas);
    expect(body).toMatchObject({ model: expect.stringContaining('/'), messages: expect.any(Array) });
    const response = await fetch(`${gateway.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    expect(await response.text()).not.toMatch(/"error"/);
    expect(response.status).toBe(200);
  });

  it('lists every route the gateway serves, /proxy included, and its /proxy example works as it stands', async () => {
    const document = (await (await fetch(`${gateway.url}/docs/openapi.json`)).json()) as any;
    const express = gateway.app.getHttpAdapter().getInstance() as { router: { stack: Array<{ route?: { path: string } }> } };
    // Express paths (`/v1/models/*id`, `/proxy/:provider/*path`) in OpenAPI's templates (`{id}`).
    const served = express.router.stack.flatMap((layer) =>
      layer.route ? [layer.route.path.replace(/\{?\*(\w+)\}?|:(\w+)/g, (_all, rest, name) => `{${rest ?? name}}`)] : [],
    );
    // Left out: the web UI and the docs themselves (pages, not API), and `/v1/{path}`, where the auth middlewares sit.
    const pages = (path: string) => path === '/' || path === '/v1/{path}' || path.startsWith('/ui') || path.startsWith('/docs');
    expect(served).toContain('/proxy/{provider}/{path}');
    expect(served.filter((path) => !pages(path) && !(path in document.paths))).toEqual([]);
    const parameters = document.paths['/proxy/{provider}/{path}'].get.parameters as Array<{ name: string; schema: { example: string } }>;
    const example = Object.fromEntries(parameters.map((parameter) => [parameter.name, parameter.schema.example]));
    const response = await fetch(`${gateway.url}/proxy/${example.provider}/${example.path}`);
    expect(response.status).toBe(200);
    expect(((await response.json()) as { object: string }).object).toBe('list');
  });

  it('documents the OpenAI routes and the error shape', async () => {
    const document = (await (await fetch(`${gateway.url}/docs/openapi.json`)).json()) as any;
    expect(Object.keys(document.paths)).toEqual(expect.arrayContaining(['/v1/chat/completions', '/v1/models', '/health', '/health/ready']));
    expect(document.paths['/v1/chat/completions'].post.responses['400'].content['application/json'].schema.$ref).toBe('#/components/schemas/ApiErrorDto');
  });
});

describe('request logs', () => {
  it('writes one JSON line per request with id, provider, model, status and duration, and no secrets', async () => {
    const before = gateway.logs.length;
    const client = new OpenAI({ baseURL: `${gateway.url}/v1`, apiKey: CLIENT_TOKEN, maxRetries: 0 });
    await client.chat.completions.create(
      { model: 'openai/gpt-4o-mini', messages: [{ role: 'user', content: 'Hi' }] },
      { headers: { 'x-request-id': 'req-log-check-1' } },
    );
    await client.chat.completions.create({ model: 'openai/gpt-4o-mini', messages: [{ role: 'user', content: '#error:429' }] }).catch(() => undefined);
    const stream = await client.chat.completions.create({ model: 'openai/gpt-4o-mini', messages: [{ role: 'user', content: 'Hi' }], stream: true });
    for await (const _chunk of stream) {
      // drain
    }
    await fetch(`${gateway.url}/proxy/openai/models`, { headers: { authorization: `Bearer ${CLIENT_TOKEN}` } });

    const requestLines = gateway.logs.slice(before).filter((line) => line.msg === 'request completed');
    const first = requestLines.find((line) => line.request_id === 'req-log-check-1')!;
    expect(first).toMatchObject({
      request_id: 'req-log-check-1',
      request: { method: 'POST', path: '/v1/chat/completions' },
      response: { status: 200 },
      provider: 'openai',
      model: 'gpt-4o-mini',
    });
    expect(typeof first.duration_ms).toBe('number');
    expect(requestLines.some((line) => (line.response as { status: number }).status === 429 && line.level === 40)).toBe(true);
    expect(requestLines.filter((line) => (line.request as { path: string }).path === '/v1/chat/completions')).toHaveLength(3);

    const everything = gateway.rawLogs.join('\n');
    expect(everything).not.toContain(MOCK_KEY);
    expect(everything).not.toContain(CLIENT_TOKEN);
    expect(everything.toLowerCase()).not.toContain('authorization');
  });

  it('returns the request id to the client', async () => {
    const response = await fetch(`${gateway.url}/health`, { headers: { 'x-request-id': 'abc-123' } });
    expect(response.headers.get('x-request-id')).toBe('abc-123');
    const generated = await fetch(`${gateway.url}/health`, { headers: { 'x-request-id': 'bad id with spaces' } });
    expect(generated.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });
});
