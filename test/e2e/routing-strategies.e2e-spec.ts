import { startTestGateway, type TestGateway } from '../support/gateway-harness.js';
import { delay } from '../support/mock-server.js';
import { deployment, writeRoutingFile, type RoutingFile } from '../support/routing-file.js';
import { startScriptedUpstream, type ScriptedUpstream } from '../support/scripted-upstream.js';

let gateway: TestGateway;
let file: RoutingFile;
const upstreams: Record<string, ScriptedUpstream> = {};
const NAMES = ['heavy', 'light', 'rrA', 'rrB', 'busyA', 'busyB', 'busyC', 'slow', 'fast', 'prioA', 'prioB'];

beforeAll(async () => {
  for (const name of NAMES) upstreams[name] = await startScriptedUpstream(name);
  const url = (name: string) => upstreams[name].baseUrl;
  file = writeRoutingFile(`
models:
  weighted:
    strategy: weighted
    deployments:
      - ${deployment('model-heavy', url('heavy'), 'weight: 3')}
      - ${deployment('model-light', url('light'), 'weight: 1')}
  rotating:
    strategy: round_robin
    deployments: [${deployment('model-a', url('rrA'))}, ${deployment('model-b', url('rrB'))}]
  idle:
    strategy: least_busy
    deployments: [${deployment('model-a', url('busyA'))}, ${deployment('model-b', url('busyB'))}, ${deployment('model-c', url('busyC'))}]
  quick:
    strategy: latency
    deployments: [${deployment('model-slow', url('slow'))}, ${deployment('model-fast', url('fast'))}]
  ordered:
    strategy: priority
    deployments: [${deployment('model-a', url('prioA'))}, ${deployment('model-b', url('prioB'))}]
`);
  // The provider's own URL points at a loopback upstream too: the model list must not reach the internet.
  gateway = await startTestGateway({
    ROUTING_ENABLED: 'true',
    ROUTING_CONFIG_PATH: file.path,
    OPENAI_API_KEY: 'sk-openai-default-key-0001',
    OPENAI_API_URL: upstreams.prioB.baseUrl,
  });
});

afterAll(async () => {
  await gateway?.close();
  await Promise.all(Object.values(upstreams).map((upstream) => upstream.close()));
  file?.remove();
});

/** The name of the upstream that answered. */
async function servedBy(model: string): Promise<string> {
  const response = await fetch(`${gateway.url}/v1/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ model, messages: [{ role: 'user', content: 'Hi' }] }),
  });
  expect(response.status).toBe(200);
  const body = (await response.json()) as { choices: Array<{ message: { content: string } }> };
  return body.choices[0].message.content.replace('Hello from ', '');
}

describe('strategies', () => {
  it('weighted: shares requests in proportion to the weights', async () => {
    const served: string[] = [];
    for (let batch = 0; batch < 50; batch++) served.push(...(await Promise.all(Array.from({ length: 8 }, () => servedBy('weighted')))));
    const heavyShare = served.filter((name) => name === 'heavy').length / served.length;
    // 400 draws of p = 0.75: the standard deviation is 0.022; ±0.08 is more than 3.5 of them.
    expect(heavyShare).toBeGreaterThan(0.67);
    expect(heavyShare).toBeLessThan(0.83);
  });

  it('round_robin: takes the deployments in turn', async () => {
    const served = [];
    for (let request = 0; request < 4; request++) served.push(await servedBy('rotating'));
    expect(served).toEqual(['rrA', 'rrB', 'rrA', 'rrB']);
  });

  it('priority: always the first deployment while it answers', async () => {
    const served = [];
    for (let request = 0; request < 3; request++) served.push(await servedBy('ordered'));
    expect(served).toEqual(['prioA', 'prioA', 'prioA']);
  });

  it('least_busy: keeps new requests away from a deployment busy with a slow one', async () => {
    upstreams.busyA.script({ kind: 'ok', delayMs: 1_500 });
    const slow = servedBy('idle');
    while (upstreams.busyA.requests.length === 0) await delay(5);
    const served = [];
    for (let request = 0; request < 6; request++) served.push(await servedBy('idle'));
    expect(await slow).toBe('busyA');
    expect(served).not.toContain('busyA');
    expect(served).toContain('busyB');
    expect(served).toContain('busyC');
  });

  it('least_busy: spreads concurrent slow requests over every deployment', async () => {
    for (const name of ['busyA', 'busyB', 'busyC']) upstreams[name].otherwise(() => ({ kind: 'ok', delayMs: 300 }));
    const served = await Promise.all(
      [0, 1, 2].map(async (index) => {
        await delay(index * 40); // each arrives while the ones before are in flight
        return servedBy('idle');
      }),
    );
    expect(served.sort()).toEqual(['busyA', 'busyB', 'busyC']);
  });

  it('latency: settles on the deployment that answers first', async () => {
    upstreams.slow.otherwise(() => ({ kind: 'ok', delayMs: 250 }));
    const served = [];
    for (let request = 0; request < 7; request++) served.push(await servedBy('quick'));
    // Both are measured first (an unmeasured deployment goes first); after that the fast one wins.
    expect(served.slice(0, 2).sort()).toEqual(['fast', 'slow']);
    expect(served.slice(2)).toEqual(['fast', 'fast', 'fast', 'fast', 'fast']);
  });
});

describe('GET /v1/models', () => {
  it('lists the aliases, owned by the gateway', async () => {
    const body = (await (await fetch(`${gateway.url}/v1/models`)).json()) as { data: Array<{ id: string; owned_by: string; object: string; created: number }> };
    const aliases = body.data.filter((model) => model.owned_by === 'gateway');
    expect(aliases.map((model) => model.id)).toEqual(['weighted', 'rotating', 'idle', 'quick', 'ordered']);
    for (const alias of aliases) expect(alias).toEqual({ id: alias.id, object: 'model', created: expect.any(Number), owned_by: 'gateway' });
  });

  it('retrieves an alias by its id, as the list shows it', async () => {
    const answer = await fetch(`${gateway.url}/v1/models/weighted`);
    expect(answer.status).toBe(200);
    expect(await answer.json()).toEqual({ id: 'weighted', object: 'model', created: expect.any(Number), owned_by: 'gateway' });
    expect((await fetch(`${gateway.url}/v1/models/not-an-alias`)).status).toBe(404);
  });
});
