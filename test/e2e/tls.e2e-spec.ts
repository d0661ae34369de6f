import OpenAI from 'openai';
import { request as httpRequest } from 'node:http';
import { connect, type ConnectionOptions, type SecureVersion } from 'node:tls';
import { Agent, fetch as undiciFetch } from 'undici';
import { startOpenAiUpstreams, startTestGateway, type TestGateway, type Upstreams } from '../support/gateway-harness.js';
import { createTestCertificate, type TestCertificate } from '../support/self-signed-certificate.js';

let certificate: TestCertificate;
let upstreams: Upstreams;
let gateway: TestGateway;
let trustingDispatcher: Agent;

beforeAll(async () => {
  [certificate, upstreams] = await Promise.all([createTestCertificate(), startOpenAiUpstreams(['openai'])]);
  gateway = await startTestGateway({ ...upstreams.env, SERVER_TLS_CERT_PATH: certificate.certPath, SERVER_TLS_KEY_PATH: certificate.keyPath });
  trustingDispatcher = new Agent({ connect: { ca: certificate.cert } });
});

afterAll(async () => {
  await gateway?.close();
  await trustingDispatcher?.close();
  await upstreams?.closeAll();
  await certificate?.remove();
});

const port = () => Number(new URL(gateway.url).port);

/** Opens a TLS connection limited to `versions`; resolves with the negotiated protocol or the error code. */
function handshake(versions: { min: SecureVersion; max: SecureVersion }, extra: ConnectionOptions = {}): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect({
      host: '127.0.0.1',
      port: port(),
      ca: certificate.cert,
      minVersion: versions.min,
      maxVersion: versions.max,
      ...extra,
    });
    socket.once('secureConnect', () => {
      resolve(socket.getProtocol() ?? 'unknown');
      socket.destroy();
    });
    socket.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
  });
}

it('serves the API over HTTPS to the openai client, streaming included', async () => {
  expect(gateway.url.startsWith('https://')).toBe(true);
  const client = new OpenAI({
    baseURL: `${gateway.url}/v1`,
    apiKey: 'unused',
    maxRetries: 0,
    fetch: ((url: string, init: Parameters<typeof undiciFetch>[1]) => undiciFetch(url, { ...init, dispatcher: trustingDispatcher })) as unknown as typeof fetch,
  });
  const completion = await client.chat.completions.create({ model: 'openai/gpt-4o-mini', messages: [{ role: 'user', content: 'Hi' }] });
  expect(completion.choices[0].message.content).toBeTruthy();
  const stream = await client.chat.completions.create({ model: 'openai/gpt-4o-mini', messages: [{ role: 'user', content: 'Hi' }], stream: true });
  let text = '';
  for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? '';
  expect(text).toBe('Hello!');
});

it('sends HSTS over HTTPS', async () => {
  const response = await undiciFetch(`${gateway.url}/health`, { dispatcher: trustingDispatcher });
  expect(response.status).toBe(200);
  expect(response.headers.get('strict-transport-security')).toBe('max-age=31536000; includeSubDomains');
});

it('presents the configured certificate (a client that does not trust it refuses)', async () => {
  expect(await handshake({ min: 'TLSv1.2', max: 'TLSv1.3' }, { ca: undefined })).toBe('DEPTH_ZERO_SELF_SIGNED_CERT');
});

it('accepts TLS 1.2 and 1.3 and refuses TLS 1.1 and 1.0', async () => {
  expect(await handshake({ min: 'TLSv1.3', max: 'TLSv1.3' })).toBe('TLSv1.3');
  expect(await handshake({ min: 'TLSv1.2', max: 'TLSv1.2' })).toBe('TLSv1.2');
  // SECLEVEL=0 lets this client offer the old protocols at all; the server must still refuse them.
  const legacy = { ciphers: 'DEFAULT:@SECLEVEL=0' };
  expect(await handshake({ min: 'TLSv1.1', max: 'TLSv1.1' }, legacy)).toBe('ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION');
  expect(await handshake({ min: 'TLSv1', max: 'TLSv1' }, legacy)).toBe('ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION');
});

it('does not answer plain HTTP on the TLS port', async () => {
  const outcome = await new Promise<string>((resolve) => {
    const request = httpRequest({ host: '127.0.0.1', port: port(), path: '/health' }, (response) => resolve(`HTTP ${response.statusCode}`));
    request.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? 'error'));
    request.end();
  });
  expect(outcome).not.toBe('HTTP 200');
});
