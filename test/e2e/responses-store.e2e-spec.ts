import OpenAI from 'openai';
import type { Response as OpenAiResponse, ResponseInputItem, ResponseStreamEvent } from 'openai/resources/responses/responses';
import { ANTHROPIC_TEXT } from '../support/anthropic-responses.js';
import { isIssuedSignature } from '../support/anthropic-signatures.js';
import { startTestGateway, type TestGateway } from '../support/gateway-harness.js';
import { nowSeconds, signRs256 } from '../support/jwt-forgery.js';
import { startMockAnthropicUpstream, type MockAnthropicUpstream } from '../support/mock-anthropic-upstream.js';
import { MOCK_KEY } from '../support/mock-openai-upstream.js';
import { GATEWAY_AUDIENCE, startTestIssuer, type TestIssuer } from '../support/oidc-issuer.js';
import { startRedisServer, type TestRedis } from '../support/redis-server.js';

/**
 * What the gateway keeps of the responses it translates: enough to continue a conversation from
 * `previous_response_id` or an `item_reference`, to read or delete a response; in memory (bounded)
 * or in Redis, where every replica sees it; for the caller who created it only.
 */

type Json = Record<string, unknown>;

const MODEL = 'anthropic/claude-sonnet-4-5-20250929';
const WEATHER_TOOL = {
  type: 'function' as const,
  name: 'get_weather',
  parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'] },
  strict: false,
};
const THOUGHT = 'The user wants the weather in two cities.';

let anthropic: MockAnthropicUpstream;
const anthropicEnv = () => ({ ANTHROPIC_API_URL: anthropic.baseUrl, ANTHROPIC_API_KEY: MOCK_KEY });
const clientOf = (gateway: TestGateway, apiKey = 'client-token') => new OpenAI({ baseURL: `${gateway.url}/v1`, apiKey, maxRetries: 0 });
const lastMessages = () => (anthropic.requests.at(-1)?.body as Json).messages as Json[];
const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => undefined,
    (error: unknown) => error as InstanceType<typeof OpenAI.APIError>,
  );

beforeAll(async () => {
  anthropic = await startMockAnthropicUpstream();
});

afterAll(async () => {
  await anthropic?.close();
});

afterEach(() => expect(anthropic.unexpected).toEqual([]));

describe('in memory', () => {
  let gateway: TestGateway;
  let client: OpenAI;

  beforeAll(async () => {
    gateway = await startTestGateway({ ...anthropicEnv(), RESPONSES_STORE_MAX_ENTRIES: '4' });
    client = clientOf(gateway);
  });

  afterAll(async () => {
    await gateway?.close();
  });

  it('reads a stored response back, deletes it, and then knows it no more', async () => {
    const created = await client.responses.create({ model: MODEL, input: 'Hi', metadata: { ticket: '42' } });
    const retrieved = await client.responses.retrieve(created.id);
    expect(retrieved).toEqual(created);
    expect(retrieved.metadata).toEqual({ ticket: '42' });

    const deleted = await fetch(`${gateway.url}/v1/responses/${created.id}`, { method: 'DELETE' });
    expect(await deleted.json()).toEqual({ id: created.id, object: 'response', deleted: true });
    const gone = await failure(client.responses.retrieve(created.id));
    expect(gone).toMatchObject({ status: 404, code: 'response_not_found' });
    const continued = await failure(client.responses.create({ model: MODEL, input: 'More', previous_response_id: created.id }));
    expect(continued).toMatchObject({ status: 404, code: 'previous_response_not_found', param: 'previous_response_id' });
    expect((await fetch(`${gateway.url}/v1/responses/${created.id}`, { method: 'DELETE' })).status).toBe(404);
  });

  it("refuses an unknown previous_response_id with 404 previous_response_not_found in OpenAI's error shape", async () => {
    const response = await fetch(`${gateway.url}/v1/responses`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: MODEL, input: 'Hi', previous_response_id: 'resp_nope', stream: true }),
    });
    expect(response.status).toBe(404);
    expect(await response.json()).toEqual({
      error: {
        message: "Previous response with id 'resp_nope' not found.",
        type: 'invalid_request_error',
        param: 'previous_response_id',
        code: 'previous_response_not_found',
      },
    });
  });

  it('keeps nothing for store: false, and at most RESPONSES_STORE_MAX_ENTRIES responses (the oldest go first)', async () => {
    const unstored = await client.responses.create({ model: MODEL, input: 'Hi', store: false });
    expect((unstored as unknown as Json).store).toBe(false);
    expect(await failure(client.responses.retrieve(unstored.id))).toMatchObject({ status: 404 });

    const ids: string[] = [];
    for (let index = 0; index < 5; index++) ids.push((await client.responses.create({ model: MODEL, input: `Hi ${index}` })).id);
    expect(await failure(client.responses.retrieve(ids[0]))).toMatchObject({ status: 404 });
    for (const id of ids.slice(1)) expect((await client.responses.retrieve(id)).id).toBe(id);
  });

  it('resolves an item_reference to an item it stored', async () => {
    const first = await client.responses.create({ model: MODEL, input: 'Weather? #tools', tools: [WEATHER_TOOL] });
    const message = first.output.find((item) => item.type === 'message')!;
    const second = await client.responses.create({
      model: MODEL,
      input: [
        { role: 'user', content: 'Weather?' },
        { type: 'item_reference', id: message.id },
        { role: 'user', content: 'Go on.' },
      ],
    });
    expect(second.output_text).toBe(ANTHROPIC_TEXT);
    expect(lastMessages()).toEqual([
      { role: 'user', content: [{ type: 'text', text: 'Weather?' }] },
      { role: 'assistant', content: [{ type: 'text', text: 'Let me check.' }] },
      { role: 'user', content: [{ type: 'text', text: 'Go on.' }] },
    ]);
    const unknown = await failure(client.responses.create({ model: MODEL, input: [{ type: 'item_reference', id: 'msg_unknown' }] }));
    expect(unknown).toMatchObject({ status: 404, code: 'item_not_found', param: 'input[0]' });
  });

  describe("reasoning with the provider's signature", () => {
    const ask = { model: MODEL, reasoning: { effort: 'low' as const }, tools: [WEATHER_TOOL] };

    function signedReasoning(response: OpenAiResponse) {
      const reasoning = response.output.find((item) => item.type === 'reasoning');
      expect(reasoning).toMatchObject({ summary: [{ type: 'summary_text', text: THOUGHT }], encrypted_content: expect.any(String) });
      return reasoning!;
    }

    function expectSignedThinkingSentBack() {
      const assistant = lastMessages().find((message) => message.role === 'assistant')!;
      const [first] = assistant.content as Json[];
      expect(first).toMatchObject({ type: 'thinking', thinking: THOUGHT });
      expect(isIssuedSignature(first.thinking, first.signature)).toBe(true);
    }

    it('round-trips through previous_response_id', async () => {
      const first = await client.responses.stream({ ...ask, input: 'Weather in Paris and Rome? #thinking #tools' }).finalResponse();
      signedReasoning(first);
      const outputs = first.output.flatMap((item): ResponseInputItem[] =>
        item.type === 'function_call' ? [{ type: 'function_call_output', call_id: item.call_id, output: 'Sunny' }] : [],
      );
      const second = await client.responses.create({ ...ask, previous_response_id: first.id, input: outputs });
      expect(second.output_text).toBe(ANTHROPIC_TEXT);
      expectSignedThinkingSentBack();
    });

    it('round-trips through the items sent back with store: false', async () => {
      const input: ResponseInputItem[] = [{ role: 'user', content: 'Weather in Paris and Rome? #thinking #tools' }];
      const first = await client.responses.create({ ...ask, input, store: false, include: ['reasoning.encrypted_content'] });
      signedReasoning(first);
      const next = [
        ...input,
        ...(first.output as ResponseInputItem[]),
        ...first.output.flatMap((item): ResponseInputItem[] =>
          item.type === 'function_call' ? [{ type: 'function_call_output', call_id: item.call_id, output: 'Sunny' }] : [],
        ),
      ];
      const second = await client.responses.create({ ...ask, input: next, store: false });
      expect(second.output_text).toBe(ANTHROPIC_TEXT);
      expectSignedThinkingSentBack();
    });
  });

  it('ends a stream that breaks with error and response.failed, numbered after what was sent, and stores nothing', async () => {
    const events: ResponseStreamEvent[] = [];
    const stream = client.responses.stream({ model: MODEL, input: 'Hi #midstream-error' });
    stream.on('event', (event) => events.push(event));
    const error = await failure(stream.finalResponse());
    expect(error).toBeInstanceOf(OpenAI.APIError);
    const response = await fetch(`${gateway.url}/v1/responses`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: MODEL, input: 'Hi #midstream-error', stream: true }),
    });
    const frames = (await response.text()).trim().split('\n\n');
    const parsed = frames.map((frame) => JSON.parse(frame.split('\n')[1].slice('data: '.length)) as { type: string; sequence_number: number; response?: Json });
    expect(frames.every((frame, index) => frame.startsWith(`event: ${parsed[index].type}\n`))).toBe(true);
    expect(parsed.map((event) => event.sequence_number)).toEqual(parsed.map((_, index) => index));
    expect(parsed.slice(-2).map((event) => event.type)).toEqual(['error', 'response.failed']);
    expect(parsed.at(-2)).toMatchObject({
      code: 'overloaded',
      message: 'Overloaded',
      error: { type: 'overloaded_error', code: 'overloaded', message: 'Overloaded' },
    });
    const failed = parsed.at(-1)!.response!;
    expect(failed).toMatchObject({ status: 'failed', error: { message: 'Overloaded' } });
    expect(await failure(client.responses.retrieve(failed.id as string))).toMatchObject({ status: 404 });
  });
});

describe('in Redis, shared by two gateways', () => {
  let redis: TestRedis;
  let first: TestGateway;
  let second: TestGateway;

  beforeAll(async () => {
    redis = await startRedisServer();
    const env = { ...anthropicEnv(), REDIS_URL: redis.url, RESPONSES_STORE_TTL: '2h' };
    first = await startTestGateway(env);
    second = await startTestGateway(env);
  });

  afterAll(async () => {
    await first?.close();
    await second?.close();
    await redis?.close();
  });

  it('continues on one gateway a conversation the other created, reads and deletes it there', async () => {
    const tools = [WEATHER_TOOL];
    const created = await clientOf(first).responses.stream({ model: MODEL, input: 'Weather in Paris and Rome? #tools', tools }).finalResponse();
    const outputs = created.output.flatMap((item): ResponseInputItem[] =>
      item.type === 'function_call' ? [{ type: 'function_call_output', call_id: item.call_id, output: '18C' }] : [],
    );
    const continued = await clientOf(second).responses.create({ model: MODEL, previous_response_id: created.id, input: outputs, tools });
    expect(continued.output_text).toBe(ANTHROPIC_TEXT);
    expect(lastMessages().map((message) => message.role)).toEqual(['user', 'assistant', 'user']);

    // The stream's final response also carries what the client parsed (`output_parsed`, ...).
    expect(created).toMatchObject(await clientOf(second).responses.retrieve(created.id));
    const ttl = await redis.client().pttl(`llm-gateway:responses:response:${created.id}`);
    expect(ttl).toBeGreaterThan(60 * 60_000);
    expect(ttl).toBeLessThanOrEqual(2 * 60 * 60_000);

    await clientOf(second).responses.delete(created.id);
    expect(await failure(clientOf(first).responses.retrieve(created.id))).toMatchObject({ status: 404 });
    expect(await redis.client().exists(`llm-gateway:responses:response:${created.id}`)).toBe(0);
  });

  it('writes nothing to Redis for store: false', async () => {
    const created = await clientOf(first).responses.create({ model: MODEL, input: 'Hi', store: false });
    expect(await redis.client().exists(`llm-gateway:responses:response:${created.id}`)).toBe(0);
  });
});

describe('with identified callers', () => {
  let issuer: TestIssuer;
  let gateway: TestGateway;

  beforeAll(async () => {
    issuer = await startTestIssuer();
    gateway = await startTestGateway({ ...anthropicEnv(), AUTH_ENABLED: 'true', AUTH_OIDC_ISSUER: issuer.issuer, AUTH_OIDC_CLIENT_ID: GATEWAY_AUDIENCE });
  });

  afterAll(async () => {
    await gateway?.close();
    await issuer?.close();
  });

  const tokenFor = (subject: string) => {
    const [key] = issuer.keys;
    const claims = { iss: issuer.issuer, aud: GATEWAY_AUDIENCE, sub: subject, client_id: subject, iat: nowSeconds(), exp: nowSeconds() + 300 };
    return signRs256({ kid: key.kid }, claims, key.privateKey);
  };

  it('shows a stored response to the caller who created it and to no one else', async () => {
    const alice = clientOf(gateway, tokenFor('alice'));
    const bob = clientOf(gateway, tokenFor('bob'));
    const created = await alice.responses.create({ model: MODEL, input: 'Hi' });
    expect((await alice.responses.retrieve(created.id)).id).toBe(created.id);
    expect(await failure(bob.responses.retrieve(created.id))).toMatchObject({ status: 404, code: 'response_not_found' });
    expect(await failure(bob.responses.create({ model: MODEL, input: 'More', previous_response_id: created.id }))).toMatchObject({
      status: 404,
      code: 'previous_response_not_found',
    });
    expect(await failure(bob.responses.delete(created.id))).toMatchObject({ status: 404 });
    const continued = await alice.responses.create({ model: MODEL, input: 'More', previous_response_id: created.id });
    expect(continued.output_text).toBe(ANTHROPIC_TEXT);
  });
});
