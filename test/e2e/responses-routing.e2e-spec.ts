import OpenAI from 'openai';
import { startTestGateway, type TestGateway } from '../support/gateway-harness.js';
import { startMockAnthropicUpstream, type MockAnthropicUpstream } from '../support/mock-anthropic-upstream.js';
import { MOCK_KEY, startMockOpenAiUpstream, type MockUpstream } from '../support/mock-openai-upstream.js';
import { writeRoutingFile, type RoutingFile } from '../support/routing-file.js';
import { startRefusingServer } from '../support/scripted-upstream.js';

/**
 * `/v1/responses` for an alias over OpenAI (which keeps its own conversations, relayed) and
 * another provider (translated, the gateway keeps the conversation): each request goes where the
 * alias's strategy sends it, and what a translated answer needs is ready whichever deployment
 * ends up serving it.
 */

const CLAUDE = 'claude-sonnet-4-5-20250929';

let openai: MockUpstream;
let anthropic: MockAnthropicUpstream;
let refusing: Awaited<ReturnType<typeof startRefusingServer>>;
let file: RoutingFile;
let gateway: TestGateway;
let client: OpenAI;

const calls = () => ({
  openai: openai.requests.filter((request) => request.path.endsWith('/responses')).length,
  anthropic: anthropic.requests.length,
});

beforeAll(async () => {
  openai = await startMockOpenAiUpstream('openai');
  anthropic = await startMockAnthropicUpstream();
  refusing = await startRefusingServer();
  file = writeRoutingFile(`
models:
  rotating:
    strategy: round_robin
    deployments: [{ provider: openai, model: gpt-4o-mini }, { provider: anthropic, model: ${CLAUDE} }]
  openai-down:
    strategy: priority
    deployments: [{ provider: openai, model: gpt-4o-mini, api_url: "${refusing.baseUrl}" }, { provider: anthropic, model: ${CLAUDE} }]
`);
  gateway = await startTestGateway({
    OPENAI_API_URL: openai.baseUrl,
    OPENAI_API_KEY: MOCK_KEY,
    ANTHROPIC_API_URL: anthropic.baseUrl,
    ANTHROPIC_API_KEY: MOCK_KEY,
    ROUTING_ENABLED: 'true',
    ROUTING_CONFIG_PATH: file.path,
  });
  client = new OpenAI({ baseURL: `${gateway.url}/v1`, apiKey: 'client-token', maxRetries: 0 });
});

afterAll(async () => {
  await gateway?.close();
  await Promise.all([openai?.close(), anthropic?.close(), refusing?.close()]);
  file?.remove();
});

it('takes turns between the deployments of a round-robin alias, one turn per request', async () => {
  const before = calls();
  const served: string[] = [];
  for (let request = 0; request < 4; request++) {
    const was = calls();
    await client.responses.create({ model: 'rotating', input: 'Hi' });
    const now = calls();
    served.push(now.openai > was.openai ? 'openai' : now.anthropic > was.anthropic ? 'anthropic' : 'none');
  }
  expect(calls().openai - before.openai).toBe(2);
  expect(calls().anthropic - before.anthropic).toBe(2);
  expect(served[0]).not.toBe(served[1]);
  expect(served[2]).toBe(served[0]);
  expect(served[3]).toBe(served[1]);
});

it('stores an answer translated by the fallback deployment, so the conversation can go on', async () => {
  const first = await client.responses.create({ model: 'openai-down', input: 'My name is Ada.' });
  expect(first.output_text.length).toBeGreaterThan(0);
  expect(refusing.connections()).toBeGreaterThan(0);
  expect(await client.responses.retrieve(first.id)).toEqual(first);

  const second = await client.responses.create({ model: 'openai-down', input: 'What is my name?', previous_response_id: first.id });
  const sent = anthropic.requests.at(-1)?.body as { messages: Array<{ role: string; content: unknown }> };
  expect(sent.messages.map((message) => message.role)).toEqual(['user', 'assistant', 'user']);
  expect(JSON.stringify(sent.messages[0].content)).toContain('My name is Ada.');
  expect(second.previous_response_id).toBe(first.id);
});

it('refuses a conversation no deployment that was tried can know, with 404 previous_response_not_found', async () => {
  const error = await client.responses.create({ model: 'openai-down', input: 'Go on', previous_response_id: 'resp_unknown_to_the_gateway' }).then(
    () => undefined,
    (failure: unknown) => failure as InstanceType<typeof OpenAI.APIError>,
  );
  expect(error).toMatchObject({ status: 404, code: 'previous_response_not_found', param: 'previous_response_id' });
});
