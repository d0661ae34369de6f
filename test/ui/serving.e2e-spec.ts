import { readdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { startTestGateway, type TestGateway } from '../support/gateway-harness.js';
import { GATEWAY_AUDIENCE, startTestIssuer, type TestIssuer } from '../support/oidc-issuer.js';
import { requireBuiltUi, ROOT } from './support/browser.js';

const noRedirect = { redirect: 'manual' } as const;
const scriptAsset = () => readdirSync(resolve(ROOT, 'dist/web-ui/assets')).find((name) => /^index-.*\.js$/.test(name))!;

beforeAll(requireBuiltUi);

describe('the web UI served by the gateway', () => {
  let gateway: TestGateway;
  beforeAll(async () => {
    gateway = await startTestGateway({});
  });
  afterAll(() => gateway?.close());

  it('logs the address to open', () => {
    expect(gateway.logs).toContainEqual(expect.objectContaining({ context: 'WebUi', msg: `web UI at ${gateway.url}/ui/` }));
  });

  it('redirects / and /ui to /ui/ (302)', async () => {
    for (const path of ['/', '/ui']) {
      const response = await fetch(`${gateway.url}${path}`, noRedirect);
      expect([path, response.status, response.headers.get('location')]).toEqual([path, 302, '/ui/']);
    }
  });

  it('serves index.html for /ui/ and client routes, never cached without asking, under the CSP', async () => {
    for (const path of ['/ui/', '/ui/status', '/ui/auth/callback']) {
      const response = await fetch(`${gateway.url}${path}`);
      expect([path, response.status]).toEqual([path, 200]);
      expect(response.headers.get('content-type')).toMatch(/^text\/html/);
      expect(response.headers.get('cache-control')).toBe('no-cache');
      expect(response.headers.get('content-security-policy')).toContain("script-src 'self'");
      expect(response.headers.get('content-security-policy')).toContain("connect-src 'self';");
      const html = await response.text();
      expect(html).toContain(`<script type="module" crossorigin src="/ui/assets/${scriptAsset()}"></script>`);
      expect(html).not.toMatch(/<script(?![^>]*\bsrc=)/); // no inline script: the CSP would refuse it
    }
  });

  it('serves hashed assets with a one-year immutable cache', async () => {
    const response = await fetch(`${gateway.url}/ui/assets/${scriptAsset()}`);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/javascript/);
    expect(response.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
  });

  it('answers a missing file or a path out of the UI folder with the OpenAI-shaped 404', async () => {
    for (const path of ['/ui/assets/missing-abc123.js', '/ui/missing.txt', '/ui/..%2f..%2fpackage.json', '/ui/assets/..%2f..%2f..%2fpackage.json']) {
      const response = await fetch(`${gateway.url}${path}`);
      expect([path, response.status]).toEqual([path, 404]);
      expect(await response.json()).toEqual({ error: { message: 'Unknown route.', type: 'invalid_request_error', param: null, code: 'not_found' } });
    }
  });

  it('tells the UI that no sign-in is needed', async () => {
    const response = await fetch(`${gateway.url}/ui/config.json`);
    expect(response.headers.get('cache-control')).toBe('no-cache');
    expect(await response.json()).toEqual({ authEnabled: false, issuer: '', clientId: '', usage: false });
  });

  it('keeps the UI out of the OpenAPI document', async () => {
    const document = (await (await fetch(`${gateway.url}/docs/openapi.json`)).json()) as { paths: Record<string, unknown> };
    expect(Object.keys(document.paths).filter((path) => path === '/' || path.startsWith('/ui'))).toEqual([]);
  });
});

describe('UI_ENABLED=false', () => {
  let gateway: TestGateway;
  beforeAll(async () => {
    gateway = await startTestGateway({ UI_ENABLED: 'false' });
  });
  afterAll(async () => {
    await gateway?.close();
    delete process.env.UI_ENABLED;
  });

  it('answers /, /ui and everything under it with the ordinary 404', async () => {
    // The ordinary 404 names the route it was asked for.
    const ordinary = (path: string) => ({ error: { message: `Unknown route: GET ${path}`, type: 'invalid_request_error', param: null, code: 'not_found' } });
    expect(await (await fetch(`${gateway.url}/v1/nothing-here`)).json()).toEqual(ordinary('/v1/nothing-here'));
    for (const path of ['/', '/ui', '/ui/', '/ui/status', '/ui/config.json', `/ui/assets/${scriptAsset()}`]) {
      const response = await fetch(`${gateway.url}${path}`, noRedirect);
      expect([path, response.status]).toEqual([path, 404]);
      expect(await response.json()).toEqual(ordinary(path));
    }
  });
});

describe('with AUTH_ENABLED', () => {
  let issuer: TestIssuer;
  let gateway: TestGateway;
  beforeAll(async () => {
    issuer = await startTestIssuer();
    gateway = await startTestGateway({
      AUTH_ENABLED: 'true',
      AUTH_OIDC_ISSUER: issuer.issuer,
      AUTH_OIDC_CLIENT_ID: GATEWAY_AUDIENCE,
      AUTH_UI_CLIENT_ID: 'llm-gateway-ui',
    });
  });
  afterAll(async () => {
    await gateway?.close();
    await issuer?.close();
  });

  it('serves the pages, assets and UI settings without a token (a page load cannot carry one)', async () => {
    for (const path of ['/ui/', '/ui/status', `/ui/assets/${scriptAsset()}`, '/ui/config.json']) {
      expect([path, (await fetch(`${gateway.url}${path}`)).status]).toEqual([path, 200]);
    }
    expect(await (await fetch(`${gateway.url}/ui/config.json`)).json()).toEqual({
      authEnabled: true,
      issuer: issuer.issuer,
      clientId: 'llm-gateway-ui',
      usage: false,
    });
    expect((await fetch(`${gateway.url}/v1/models`)).status).toBe(401);
  });

  it("lets the UI page (only) connect to the issuer, for the sign-in's discovery and token requests", async () => {
    const page = (await fetch(`${gateway.url}/ui/`)).headers.get('content-security-policy');
    expect(page).toContain(`connect-src 'self' ${issuer.issuer};`);
    const api = (await fetch(`${gateway.url}/v1/models`)).headers.get('content-security-policy');
    expect(api).toContain("connect-src 'self';");
  });
});
