import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { startMockOpenAiUpstream, MOCK_KEY, type MockUpstream } from '../support/mock-openai-upstream.js';
import { spawnGateway, type GatewayProcess } from '../support/gateway-process.js';

const ROOT = resolve(import.meta.dirname, '../..');
const MAIN = resolve(ROOT, 'dist/main.js');

let upstream: MockUpstream;
let gateway: GatewayProcess | undefined;

beforeAll(async () => {
  if (!existsSync(MAIN)) throw new Error(`${MAIN} is missing: run \`npm run build\` before this test (it runs the built gateway as a process).`);
  upstream = await startMockOpenAiUpstream('openai');
});

afterEach(() => {
  if (gateway && gateway.child.exitCode === null) gateway.child.kill('SIGKILL');
  gateway = undefined;
});

afterAll(async () => {
  await upstream?.close();
});

const start = (env: Record<string, string>) =>
  spawnGateway({ cwd: ROOT, args: [MAIN], env: { OPENAI_API_URL: upstream.baseUrl, OPENAI_API_KEY: MOCK_KEY, ...env } });

/** Starts a streaming completion and resolves once its first bytes arrived; `body` settles with the whole text. */
async function openStream(url: string, scenario: string) {
  const response = await fetch(`${url}/v1/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ model: 'openai/gpt-4o-mini', stream: true, messages: [{ role: 'user', content: scenario }] }),
  });
  expect(response.status).toBe(200);
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  let text = '';
  const first = await reader.read();
  text += decoder.decode(first.value, { stream: true });
  const body = (async () => {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) return text + decoder.decode();
      text += decoder.decode(value, { stream: true });
    }
  })();
  return { body, soFar: () => text };
}

const status = (url: string) =>
  fetch(url).then(
    (response) => response.status,
    (error: Error & { cause?: { code?: string } }) => error.cause?.code ?? error.message,
  );

function dataEvents(text: string): string[] {
  return text
    .split('\n\n')
    .filter((frame) => frame.startsWith('data: '))
    .map((frame) => frame.slice('data: '.length));
}

describe('graceful shutdown of the gateway process', () => {
  it('reports draining at once, finishes a stream in flight intact, refuses new connections, and exits 0', async () => {
    gateway = await start({ SERVER_SHUTDOWN_DELAY: '1s', SERVER_DRAIN_TIMEOUT: '30s' });
    const stream = await openStream(gateway.url, 'Tell a long story #long:40 #slow:75');

    const signalledAt = Date.now();
    gateway.child.kill('SIGTERM');
    await new Promise((resolve) => setTimeout(resolve, 150));
    expect(await status(`${gateway.url}/health/ready`)).toBe(503);
    expect(await status(`${gateway.url}/health`)).toBe(200); // still serving during the delay
    expect(stream.soFar()).not.toContain('[DONE]');

    await new Promise((resolve) => setTimeout(resolve, Math.max(0, signalledAt + 1_500 - Date.now())));
    expect(await status(`${gateway.url}/health`)).toBe('ECONNREFUSED'); // no longer accepting
    expect(stream.soFar()).not.toContain('[DONE]'); // the stream is still running

    const text = await stream.body;
    const events = dataEvents(text);
    expect(events.at(-1)).toBe('[DONE]');
    const content = events
      .slice(0, -1)
      .map((event) => (JSON.parse(event) as { choices: Array<{ delta: { content?: string } }> }).choices[0]?.delta.content ?? '')
      .join('');
    expect(content).toBe(Array.from({ length: 40 }, (_, i) => `t${i} `).join(''));
    expect(text).not.toContain('"error"');

    expect(await gateway.exited).toEqual({ code: 0, signal: null });
    expect(gateway.output()).toContain('shutdown complete');
  });

  it('ends a stream still open at the drain timeout with an error event, aborts its upstream call, and exits 0', async () => {
    gateway = await start({ SERVER_SHUTDOWN_DELAY: '200ms', SERVER_DRAIN_TIMEOUT: '1s' });
    const requestsBefore = upstream.requests.length;
    const stream = await openStream(gateway.url, 'Tell an endless story #long:400 #slow:50');

    gateway.child.kill('SIGTERM');
    const text = await stream.body;
    const events = dataEvents(text);
    expect(events).not.toContain('[DONE]');
    expect(JSON.parse(events.at(-1)!)).toEqual({
      error: { message: expect.stringContaining('shutting down'), type: 'server_error', param: null, code: 'server_shutting_down' },
    });
    expect(await gateway.exited).toEqual({ code: 0, signal: null });
    // The child's exit can reach this process before the mock sees its connection close (a loaded machine): wait for it, generously.
    const deadline = Date.now() + 5_000;
    while (upstream.requests.slice(requestsBefore).some((request) => !request.aborted) && Date.now() < deadline)
      await new Promise((resolve) => setTimeout(resolve, 20));
    expect(upstream.requests.slice(requestsBefore).map((request) => request.aborted)).toEqual([true]);
  });

  it('answers a non-streaming request still waiting on its upstream at the drain timeout with a 503 error body', async () => {
    gateway = await start({ SERVER_SHUTDOWN_DELAY: '0s', SERVER_DRAIN_TIMEOUT: '500ms' });
    const pending = fetch(`${gateway.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'openai/gpt-4o-mini', messages: [{ role: 'user', content: 'Think hard #slow:10000' }] }),
    });
    await new Promise((resolve) => setTimeout(resolve, 200));
    gateway.child.kill('SIGTERM');

    const response = await pending;
    expect(response.status).toBe(503);
    expect(await response.json()).toEqual({
      error: { message: expect.stringContaining('shutting down'), type: 'server_error', param: null, code: 'server_shutting_down' },
    });
    expect(await gateway.exited).toEqual({ code: 0, signal: null });
  });

  it('skips the delay and the drain on a second signal during the delay: the stream in flight is cut at once', async () => {
    gateway = await start({ SERVER_SHUTDOWN_DELAY: '30s', SERVER_DRAIN_TIMEOUT: '60s' });
    const stream = await openStream(gateway.url, 'Tell an endless story #long:4000 #slow:50');
    const signalledAt = Date.now();
    gateway.child.kill('SIGTERM');
    await new Promise((resolve) => setTimeout(resolve, 300));
    gateway.child.kill('SIGTERM');
    const events = dataEvents(await stream.body);
    expect(JSON.parse(events.at(-1)!)).toMatchObject({ error: { code: 'server_shutting_down' } });
    expect(await gateway.exited).toEqual({ code: 0, signal: null });
    // Without the second signal this takes 30 s of delay and 60 s of drain; the bound leaves room for a loaded machine.
    expect(Date.now() - signalledAt).toBeLessThan(15_000);
  }, 30_000);

  it('exits 0 at once when nothing is in flight', async () => {
    gateway = await start({ SERVER_SHUTDOWN_DELAY: '0s', SERVER_DRAIN_TIMEOUT: '30s' });
    const signalledAt = Date.now();
    gateway.child.kill('SIGTERM');
    expect(await gateway.exited).toEqual({ code: 0, signal: null });
    expect(Date.now() - signalledAt).toBeLessThan(5_000);
  });
});
