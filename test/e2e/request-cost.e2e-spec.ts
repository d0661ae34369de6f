import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { spawnGateway, type GatewayProcess } from '../support/gateway-process.js';
import { startMockAnthropicUpstream, type MockAnthropicUpstream } from '../support/mock-anthropic-upstream.js';
import { MOCK_KEY, startMockOpenAiUpstream, type MockUpstream } from '../support/mock-openai-upstream.js';

// What one request may cost the others: a body under the size limit must not hold the event
// loop for long, however it is shaped. The gateway runs as its own process; bodies are built and
// sent from a worker thread, while this thread measures how long /health takes to answer.

const ROOT = join(import.meta.dirname, '..', '..');
let openai: MockUpstream;
let anthropic: MockAnthropicUpstream;
let gateway: GatewayProcess;

beforeAll(async () => {
  [openai, anthropic] = await Promise.all([startMockOpenAiUpstream('openai'), startMockAnthropicUpstream()]);
  gateway = await spawnGateway({
    cwd: ROOT,
    args: ['dist/main.js'],
    env: { OPENAI_API_URL: openai.baseUrl, OPENAI_API_KEY: MOCK_KEY, ANTHROPIC_API_URL: anthropic.baseUrl, ANTHROPIC_API_KEY: MOCK_KEY },
  });
}, 60_000);

afterAll(async () => {
  gateway?.child.kill('SIGKILL');
  await Promise.all([openai?.close(), anthropic?.close()]);
});

/** Sends `count` messages of `content` (none: null) to `model`, `times` times, from a worker thread; the statuses and error codes. */
function sendFromWorker(model: string, count: number, content: string | null, times: number): Promise<Array<{ status: number; code?: string }>> {
  const worker = new Worker(
    `
    const { workerData, parentPort } = require('node:worker_threads');
    (async () => {
      const messages = Array.from({ length: workerData.count }, (_, index) => {
        if (workerData.content === null) return { role: 'user' };
        return { role: index % 2 ? 'assistant' : 'user', content: workerData.content };
      });
      messages.push({ role: 'user', content: 'Hi' });
      const body = JSON.stringify({ model: workerData.model, messages });
      const results = [];
      for (let round = 0; round < workerData.times; round++) {
        const response = await fetch(workerData.url + '/v1/chat/completions', { method: 'POST', headers: { 'content-type': 'application/json' }, body });
        const text = await response.text();
        let code;
        try { code = JSON.parse(text).error?.code ?? undefined; } catch {}
        results.push({ status: response.status, code });
      }
      parentPort.postMessage(results);
    })();`,
    { eval: true, workerData: { url: gateway.url, model, count, content, times } },
  );
  return new Promise((resolve, reject) => {
    worker.once('message', (results: Array<{ status: number; code?: string }>) => {
      void worker.terminate();
      resolve(results);
    });
    worker.once('error', reject);
  });
}

/** The slowest /health answer while `work` runs, polled every 10 ms. */
async function slowestHealthDuring(work: Promise<unknown>): Promise<number> {
  let done = false;
  void work.finally(() => (done = true));
  let slowest = 0;
  while (!done) {
    const started = performance.now();
    await fetch(`${gateway.url}/health`);
    slowest = Math.max(slowest, performance.now() - started);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return slowest;
}

describe('the cost of one request to the others', () => {
  it('refuses 600,000 tiny messages under the size limit with a 400 before parsing them, and nothing reaches the provider', async () => {
    const before = openai.requests.length;
    // `{"role":"user"},` is 16 bytes: 600,000 of them are 9.6 MB, under the 10 MiB limit.
    const work = sendFromWorker('openai/gpt-4o-mini', 600_000, null, 1);
    const slowest = await slowestHealthDuring(work);
    expect(await work).toEqual([{ status: 400, code: 'json_too_large' }]);
    expect(openai.requests.length).toBe(before);
    // The old gateway held the loop for 6-7 s here; the bound leaves room for a loaded machine.
    expect(slowest).toBeLessThan(1_000);
  }, 60_000);

  it.each([
    ['relayed to an OpenAI-format provider', 'openai/gpt-4o-mini'],
    ['translated for Anthropic', 'anthropic/claude-sonnet-4-5-20250929'],
  ])(
    'keeps /health answering while a body of the most objects allowed is %s',
    async (_name, model) => {
      const work = sendFromWorker(model, 29_990, 'x', 3);
      const slowest = await slowestHealthDuring(work);
      for (const result of await work) expect(result.status).toBeLessThan(500);
      // About 50 ms of work per such request on a 2-core machine; the bound leaves room for load.
      expect(slowest).toBeLessThan(1_000);
    },
    120_000,
  );
});
