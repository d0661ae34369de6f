import OpenAI from 'openai';
import { startOpenAiUpstreams, startTestGateway, type TestGateway, type Upstreams } from '../support/gateway-harness.js';

// Telemetry is off unless TELEMETRY_ENABLED says otherwise: the gateway then sends no trace
// context upstream and logs no trace ids. Usage is asked for all the same (limits and budgets
// count every call), and kept from a client that did not ask for it.

let upstreams: Upstreams;
let gateway: TestGateway;
let client: OpenAI;

beforeAll(async () => {
  upstreams = await startOpenAiUpstreams(['openai']);
  gateway = await startTestGateway(upstreams.env);
  client = new OpenAI({ baseURL: `${gateway.url}/v1`, apiKey: 'unused', maxRetries: 0 });
});

afterAll(async () => {
  await gateway?.close();
  await upstreams?.closeAll();
});

describe('telemetry off (the default)', () => {
  it('asks the upstream for stream usage, and keeps it from a client that did not ask for it', async () => {
    const stream = await client.chat.completions.create({ model: 'openai/gpt-4o-mini', messages: [{ role: 'user', content: 'Hi' }], stream: true });
    for await (const chunk of stream) expect(chunk).not.toHaveProperty('usage');
    const sent = upstreams.mocks.openai.requests.at(-1)!;
    expect(sent.body).toMatchObject({ stream_options: { include_usage: true } });
    expect(sent.headers.traceparent).toBeUndefined();
  });

  it('logs the request line without trace ids', async () => {
    await client.chat.completions.create(
      { model: 'openai/gpt-4o-mini', messages: [{ role: 'user', content: 'Hi' }] },
      { headers: { traceparent: '00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01' } },
    );
    const line = gateway.logs.filter((entry) => entry.msg === 'request completed').at(-1)!;
    expect(line).toMatchObject({ provider: 'openai', model: 'gpt-4o-mini', response: { status: 200 } });
    expect(line).not.toHaveProperty('trace_id');
  });
});
