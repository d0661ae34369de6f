import { jest } from '@jest/globals';
import type { Browser, Page, Request } from 'playwright-core';
import { startTestGateway, startOpenAiUpstreams, type TestGateway, type Upstreams } from '../support/gateway-harness.js';
import { GATEWAY_AUDIENCE, startTestIssuer, type TestIssuer } from '../support/oidc-issuer.js';
import { launchChromium, loopbackContext } from './support/browser.js';

// A real browser going to the identity provider and back on a loaded 2-core machine: seconds per step.
jest.setTimeout(60_000);
const UI_TIMEOUT_MS = 15_000;
const UI_CLIENT_ID = 'llm-gateway-ui';

let issuer: TestIssuer;
let upstreams: Upstreams;
let gateway: TestGateway;
let browser: Browser;

beforeAll(async () => {
  [issuer, upstreams, browser] = await Promise.all([startTestIssuer(), startOpenAiUpstreams(['openai']), launchChromium()]);
  gateway = await startTestGateway({
    ...upstreams.env,
    AUTH_ENABLED: 'true',
    AUTH_OIDC_ISSUER: issuer.issuer,
    AUTH_OIDC_CLIENT_ID: GATEWAY_AUDIENCE,
    AUTH_UI_CLIENT_ID: UI_CLIENT_ID,
  });
  issuer.registerPublicClient({ id: UI_CLIENT_ID, redirectUri: `${gateway.url}/ui/auth/callback` });
});

afterAll(async () => {
  await browser?.close();
  await gateway?.close();
  await Promise.all([issuer?.close(), upstreams?.closeAll()]);
});

/** A page under the gateway's real CSP that records every request it makes. */
async function openPage(): Promise<{ page: Page; requests: Request[] }> {
  const context = await loopbackContext(browser);
  const page = await context.newPage();
  page.setDefaultTimeout(UI_TIMEOUT_MS);
  const requests: Request[] = [];
  page.on('request', (request) => requests.push(request));
  return { page, requests };
}

const modelOptions = (page: Page) => page.getByRole('combobox', { name: 'Model' }).locator('option', { hasText: 'openai/gpt-4o-mini' });

describe('with AUTH_ENABLED', () => {
  it('asks for sign-in: the API refuses the UI until it has a token', async () => {
    const { page } = await openPage();
    await page.goto(`${gateway.url}/ui/`);
    await page.getByText('Not signed in, or the token was refused (HTTP 401): Missing bearer token').waitFor();
    expect(await page.getByRole('button', { name: 'Sign in' }).isVisible()).toBe(true);
    await page.context().close();
  });

  it('signs in with the authorization code flow and PKCE, keeps the token in memory only, and sends it as a bearer token', async () => {
    const { page, requests } = await openPage();
    await page.goto(`${gateway.url}/ui/status`);
    await page.getByRole('button', { name: 'Sign in' }).click();

    // oidc-provider's development login and consent pages.
    await page.locator('input[name=login]').fill('alice');
    await page.locator('input[name=password]').fill('any password');
    await page.getByRole('button', { name: 'Sign-in' }).click();
    await page.getByRole('button', { name: 'Continue' }).click();

    await page.getByText('Signed in').waitFor();
    expect(new URL(page.url()).pathname).toBe('/ui/status'); // back where sign-in started
    await page.getByRole('table', { name: 'Configured providers' }).waitFor();

    const authorization = new URL(requests.find((request) => request.url().startsWith(`${issuer.issuer}/auth`))!.url());
    expect(authorization.searchParams.get('client_id')).toBe(UI_CLIENT_ID);
    expect(authorization.searchParams.get('response_type')).toBe('code');
    expect(authorization.searchParams.get('code_challenge_method')).toBe('S256');
    expect(authorization.searchParams.get('code_challenge')).toMatch(/^[\w-]{43}$/);

    const tokenRequest = requests.find((request) => request.url() === `${issuer.issuer}/token`)!;
    expect(new URLSearchParams(tokenRequest.postData() ?? '').get('code_verifier')).toMatch(/^[\w-]{43,128}$/);
    const { access_token: accessToken } = (await (await tokenRequest.response())!.json()) as { access_token: string };

    const statusCall = requests.find((request) => new URL(request.url()).pathname === '/v1/status' && request.headers().authorization);
    expect(statusCall?.headers().authorization).toBe(`Bearer ${accessToken}`);
    const stored = await page.evaluate(() => {
      const storage = globalThis as unknown as { localStorage: { [key: string]: string }; sessionStorage: { [key: string]: string } };
      return JSON.stringify({ ...storage.localStorage, ...storage.sessionStorage });
    });
    expect(stored).not.toContain(accessToken);

    // The playground calls the API with the same token.
    await page.getByRole('link', { name: 'Playground' }).click();
    await modelOptions(page).waitFor({ state: 'attached' });
    await page.getByRole('textbox', { name: 'Message' }).fill('Hi');
    await page.getByRole('button', { name: 'Send' }).click();
    await page.getByTestId('answer-metrics').waitFor();
    expect(await page.getByTestId('answer-text').textContent()).toBe('Hello!');

    await page.getByRole('button', { name: 'Sign out' }).click();
    await page.getByRole('button', { name: 'Sign in' }).waitFor();
    await page.context().close();
  });

  it('uses a pasted access token or API key instead of signing in', async () => {
    const { page, requests } = await openPage();
    await page.goto(`${gateway.url}/ui/`);
    const token = await issuer.token();
    await page.getByLabel('API key or access token').fill(token);
    await page.getByRole('button', { name: 'Use key' }).click();
    await page.getByText('Using a pasted key').waitFor();
    await modelOptions(page).waitFor({ state: 'attached' });
    const modelsCall = requests.filter((request) => new URL(request.url()).pathname === '/v1/models').at(-1)!;
    expect(modelsCall.headers().authorization).toBe(`Bearer ${token}`);
    await page.context().close();
  });
});
