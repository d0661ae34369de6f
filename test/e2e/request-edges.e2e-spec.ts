import { connect } from 'node:net';
import { join } from 'node:path';
import { spawnGateway } from '../support/gateway-process.js';
import { startOpenAiUpstreams, startTestGateway, type TestGateway, type Upstreams } from '../support/gateway-harness.js';

// Client input that used to end in a 500, a slow 408, or a secret in the log.

let upstreams: Upstreams;
let gateway: TestGateway;

beforeAll(async () => {
  upstreams = await startOpenAiUpstreams(['openai']);
  gateway = await startTestGateway({ ...upstreams.env, SERVER_MAX_REQUEST_BODY_SIZE: '64KiB', SERVER_READ_TIMEOUT: '20s' });
});

afterAll(async () => {
  await gateway?.close();
  await upstreams?.closeAll();
});

const chatBody = JSON.stringify({ model: 'openai/gpt-4o-mini', messages: [{ role: 'user', content: 'Hi' }] });

describe('client input', () => {
  it.each(['iso-8859-1', 'latin1', 'us-ascii', 'bogus-charset'])('answers a body in charset %s with 415 naming it', async (charset) => {
    const response = await fetch(`${gateway.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': `application/json; charset=${charset}` },
      body: chatBody,
    });
    expect(response.status).toBe(415);
    expect(await response.json()).toMatchObject({ error: { code: 'unsupported_charset', message: expect.stringContaining(charset) } });
  });

  it('takes UTF-8 however it is spelled', async () => {
    const response = await fetch(`${gateway.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json; charset="UTF-8"' },
      body: chatBody,
    });
    expect(response.status).toBe(200);
  });

  it.each([`/v1/chat/completions`, `/v1/models`])('answers a repeated ?provider= on %s with 400 naming it', async (path) => {
    const response = await fetch(`${gateway.url}${path}?provider=openai&provider=groq`, {
      method: path.endsWith('completions') ? 'POST' : 'GET',
      headers: { 'content-type': 'application/json' },
      body: path.endsWith('completions') ? chatBody : undefined,
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: { param: 'provider', code: 'invalid_query' } });
  });

  it('answers a Content-Length over the limit with 413 at once, not a 408 once the read timeout passes', async () => {
    const started = performance.now();
    const answer = await new Promise<string>((resolve) => {
      const socket = connect(Number(new URL(gateway.url).port), '127.0.0.1');
      let text = '';
      socket.on('data', (data: Buffer) => (text += data.toString('latin1')));
      socket.on('close', () => resolve(text));
      socket.on('error', () => resolve(text));
      socket.write('POST /v1/chat/completions HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 11534336\r\n\r\n{"model":');
      setTimeout(() => socket.destroy(), 15_000).unref();
    });
    expect(answer.startsWith('HTTP/1.1 413')).toBe(true);
    // SERVER_READ_TIMEOUT is 20 s: well before it, even on a loaded machine.
    expect(performance.now() - started).toBeLessThan(10_000);
  });

  it('keeps credentials in the query string out of the log', async () => {
    await fetch(`${gateway.url}/v1/models?access_token=tok-secret-123456&key=k-secret-654321&provider=openai`);
    const line = gateway.logs.filter((entry) => entry.msg === 'request completed').at(-1)!;
    expect((line.request as { path: string }).path).toBe('/v1/models?access_token=[redacted]&key=[redacted]&provider=openai');
    expect(gateway.rawLogs.join('\n')).not.toMatch(/tok-secret|k-secret/);
  });
});

describe('the log of a running gateway', () => {
  it('writes a request line within a couple of seconds, not once 4 KiB have piled up', async () => {
    const gatewayProcess = await spawnGateway({ cwd: join(import.meta.dirname, '..', '..'), args: ['dist/main.js'], env: upstreams.env });
    try {
      await fetch(`${gatewayProcess.url}/v1/models`, { headers: { 'x-request-id': 'flush-check-1' } });
      const deadline = Date.now() + 5_000; // flushed at least once a second; the bound leaves room for load
      while (!gatewayProcess.output().includes('flush-check-1') && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 100));
      expect(gatewayProcess.output()).toContain('"request_id":"flush-check-1"');
    } finally {
      gatewayProcess.child.kill('SIGKILL');
    }
  }, 30_000);
});
