import { startTestGateway, type TestGateway } from '../support/gateway-harness.js';
import { delay } from '../support/mock-server.js';
import { deployment, writeRoutingFile, type RoutingFile } from '../support/routing-file.js';
import { startScriptedUpstream, type ScriptedUpstream } from '../support/scripted-upstream.js';

let gateway: TestGateway;
let file: RoutingFile;
let first: ScriptedUpstream;
let second: ScriptedUpstream;

const fileServing = (upstream: ScriptedUpstream, model = 'model-x') => `
models:
  live:
    deployments: [${deployment(model, upstream.baseUrl)}]
`;

beforeAll(async () => {
  [first, second] = await Promise.all([startScriptedUpstream('first'), startScriptedUpstream('second')]);
  file = writeRoutingFile(fileServing(first));
  gateway = await startTestGateway({
    ROUTING_ENABLED: 'true',
    ROUTING_CONFIG_PATH: file.path,
    OPENAI_API_KEY: 'sk-openai-default-key-0001',
    OPENAI_API_URL: first.baseUrl,
  });
});

afterAll(async () => {
  await gateway?.close();
  await Promise.all([first?.close(), second?.close()]);
  file?.remove();
});

async function servedBy(model: string): Promise<string> {
  const response = await fetch(`${gateway.url}/v1/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ model, messages: [{ role: 'user', content: 'Hi' }] }),
  });
  const body = (await response.json()) as { choices?: Array<{ message: { content: string } }>; error?: { message: string } };
  return body.choices?.[0].message.content.replace('Hello from ', '') ?? `error ${response.status}: ${body.error?.message}`;
}

/** Polls until `check` holds; file watching is asynchronous, and a loaded machine can be slow to deliver its events. */
async function eventually(check: () => boolean | Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error('the condition did not hold in time');
    await delay(50);
  }
}

describe('reloading the routing file', () => {
  it('puts a changed file in force without a restart', async () => {
    expect(await servedBy('live')).toBe('first');
    file.replace(fileServing(second) + `  added:\n    deployments: [${deployment('model-y', first.baseUrl)}]\n`);
    await eventually(async () => (await servedBy('live')) === 'second');
    expect(await servedBy('added')).toBe('first');
    expect(gateway.logs.some((line) => line.msg === 'routing file reloaded')).toBe(true);
    const models = (await (await fetch(`${gateway.url}/v1/models`)).json()) as { data: Array<{ id: string }> };
    expect(models.data.map((model) => model.id)).toEqual(expect.arrayContaining(['live', 'added']));
  });

  it('refuses a bad new file, logs why (line and key), and keeps the one in force', async () => {
    const before = await servedBy('live');
    file.replace(`models:\n  live:\n    strategy: fastest\n    deployments: [${deployment('model-x', first.baseUrl)}]\n`);
    await eventually(() => gateway.logs.some((line) => line.msg === 'routing file refused; the previous one stays in force'));
    const refusal = gateway.logs.find((line) => line.msg === 'routing file refused; the previous one stays in force')!;
    expect(refusal.reason).toMatch(/line 3, models\.live\.strategy: expected one of round_robin/);
    expect(refusal.level).toBe(50);
    expect(await servedBy('live')).toBe(before);
    expect(await servedBy('added')).toBe('first');
  });
});
