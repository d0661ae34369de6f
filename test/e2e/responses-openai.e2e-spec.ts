import OpenAI from 'openai';
import { MOCK_KEY } from '../support/mock-openai-upstream.js';
import { RESPONSES_ENCRYPTED, RESPONSES_JSON, RESPONSES_TEXT, RESPONSES_TOOL_ANSWER } from '../support/responses-api-answers.js';
import { startOpenAiUpstreams, startTestGateway, type TestGateway, type Upstreams } from '../support/gateway-harness.js';

/**
 * The Responses API relayed to OpenAI: the client's body goes out as it is (the model name aside)
 * and OpenAI's answer comes back byte for byte, stream or not; OpenAI keeps the conversation
 * (`previous_response_id`, `store`), runs built-in tools and keeps reasoning encrypted.
 */

const CLIENT_TOKEN = 'client-token-never-forwarded-5d1e';
const MODEL = 'openai/gpt-4o-mini';
const WEATHER_TOOL = {
  type: 'function' as const,
  name: 'get_weather',
  description: 'Weather by city',
  parameters: { type: 'object', properties: { city: { type: 'string' } }, required: ['city'], additionalProperties: false },
  strict: true,
};

let upstreams: Upstreams;
let gateway: TestGateway;
let client: OpenAI;

beforeAll(async () => {
  upstreams = await startOpenAiUpstreams(['openai']);
  gateway = await startTestGateway(upstreams.env);
  client = new OpenAI({ baseURL: `${gateway.url}/v1`, apiKey: CLIENT_TOKEN, maxRetries: 0 });
});

afterAll(async () => {
  await gateway?.close();
  await upstreams?.closeAll();
});

afterEach(() => expect(upstreams.mocks.openai.unexpected).toEqual([]));

const openai = () => upstreams.mocks.openai;
const lastRequest = () => openai().requests.at(-1)!;
const lastWritten = () => openai().responsesWritten.at(-1)!;

async function post(body: Record<string, unknown>): Promise<Response> {
  return fetch(`${gateway.url}/v1/responses`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${CLIENT_TOKEN}` },
    body: JSON.stringify(body),
  });
}

describe('Responses relayed to OpenAI', () => {
  it('sends the body as the client wrote it, with the upstream model and key, to /v1/responses', async () => {
    const body = {
      model: MODEL,
      input: [{ role: 'user', content: [{ type: 'input_text', text: 'Hi' }] }],
      tools: [{ type: 'web_search' }, WEATHER_TOOL],
      include: ['reasoning.encrypted_content'],
      store: false,
      metadata: { team: 'search' },
    };
    const response = await post(body);
    expect(response.status).toBe(200);
    const sent = lastRequest();
    expect(sent.path).toBe('/v1/responses');
    expect(sent.body).toEqual({ ...body, model: 'gpt-4o-mini' });
    expect(sent.headers.authorization).toBe(`Bearer ${MOCK_KEY}`);
    expect(JSON.stringify(sent.headers)).not.toContain(CLIENT_TOKEN);
  });

  it('answers a non-streaming response with the bytes OpenAI sent', async () => {
    const response = await post({ model: MODEL, input: 'Hi' });
    expect(response.headers.get('content-type')).toMatch(/^application\/json/);
    expect(await response.text()).toBe(lastWritten());
  });

  it('relays a stream byte for byte, event names and sequence numbers included', async () => {
    const response = await post({ model: MODEL, input: 'Weather? #reasoning #tools', tools: [WEATHER_TOOL], stream: true });
    expect(response.headers.get('content-type')).toMatch(/^text\/event-stream/);
    const text = await response.text();
    expect(text).toBe(lastWritten());
    expect(text).toContain('"obfuscation"');
  });

  it('works with responses.create and responses.stream() of the official client', async () => {
    const created = await client.responses.create({ model: MODEL, input: 'Hi' });
    expect(created.output_text).toBe(RESPONSES_TEXT);
    expect(created.usage?.input_tokens).toBe(37);

    const stream = client.responses.stream({ model: MODEL, input: 'Weather? #reasoning #tools', tools: [WEATHER_TOOL] });
    const deltas: string[] = [];
    stream.on('response.function_call_arguments.delta', (event) => deltas.push(event.delta));
    const final = await stream.finalResponse();
    expect(final.status).toBe('completed');
    expect(final.output.map((item) => item.type)).toEqual(['reasoning', 'function_call', 'function_call']);
    expect(final.output[0]).toMatchObject({ type: 'reasoning', encrypted_content: RESPONSES_ENCRYPTED });
    expect(deltas.join('')).toBe('{"city":"Paris"}{"city":"Rome"}');
  });

  it('leaves the conversation to OpenAI: a function-call round trip by previous_response_id', async () => {
    const first = await client.responses.create({ model: MODEL, input: 'Weather in Paris and Rome? #tools', tools: [WEATHER_TOOL] });
    const calls = first.output.filter((item) => item.type === 'function_call');
    expect(calls).toHaveLength(2);
    const second = await client.responses.create({
      model: MODEL,
      previous_response_id: first.id,
      input: calls.map((call) => ({ type: 'function_call_output' as const, call_id: call.call_id, output: '18C' })),
      tools: [WEATHER_TOOL],
    });
    expect(second.output_text).toBe(RESPONSES_TOOL_ANSWER);
    expect(lastRequest().body?.previous_response_id).toBe(first.id);
  });

  it('passes structured output through, parsed by the client', async () => {
    const schema = {
      type: 'object',
      properties: { city: { type: 'string' }, temperature_c: { type: 'number' } },
      required: ['city', 'temperature_c'],
      additionalProperties: false,
    };
    const stream = client.responses.stream({
      model: MODEL,
      input: 'Weather?',
      text: { format: { type: 'json_schema', name: 'weather', schema, strict: true } },
    });
    const final = await stream.finalResponse();
    expect(final.output_text).toBe(RESPONSES_JSON);
    expect(final.output_parsed).toEqual({ city: 'Paris', temperature_c: 18 });
  });

  it("keeps OpenAI's own error status and body", async () => {
    const response = await post({ model: MODEL, input: 'Hi', previous_response_id: 'resp_unknown' });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: { code: 'previous_response_not_found', param: 'previous_response_id' } });
    const unknown = await post({ model: MODEL, input: 'Hi', frobnicate: true });
    expect(unknown.status).toBe(400);
    expect(await unknown.json()).toMatchObject({ error: { message: "Unknown parameter: 'frobnicate'.", param: 'frobnicate' } });
  });

  it('relays an error event and response.failed as OpenAI sent them', async () => {
    const response = await post({ model: MODEL, input: 'Hi #midstream-error', stream: true });
    const text = await response.text();
    expect(text).toBe(lastWritten());
    expect(text).toMatch(/event: error\n.*\n\nevent: response\.failed\n/);
  });

  it('ends a stream OpenAI cut with error and response.failed numbered after what was relayed', async () => {
    const response = await post({ model: MODEL, input: 'Hi #truncate', stream: true });
    const text = await response.text();
    const events = text
      .trim()
      .split('\n\n')
      .map(
        (frame) =>
          JSON.parse(frame.split('\n')[1].slice('data: '.length)) as { type: string; sequence_number: number; response?: { status: string; id: string } },
      );
    expect(events.map((event) => event.sequence_number)).toEqual(events.map((_, index) => index));
    expect(events.slice(-2).map((event) => event.type)).toEqual(['error', 'response.failed']);
    expect(events.at(-1)?.response).toMatchObject({ status: 'failed', id: events[0].response?.id });
  });
});
