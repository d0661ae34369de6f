import OpenAI from 'openai';
import { startMockOpenAiUpstream } from '../support/mock-openai-upstream.js';
import { knownModels, type Flavour } from '../support/openai-flavours.js';
import { MOCK_REASONING, textOf } from '../support/openai-responses.js';
import { startOpenAiUpstreams, startTestGateway, type TestGateway, type Upstreams } from '../support/gateway-harness.js';

/**
 * What sets MiniMax, Moonshot, NVIDIA, llama.cpp and Z.ai apart from plain OpenAI-format
 * providers, against mocks that enforce each one's rules (the common behaviour is covered for every
 * preset by openai-compatible.e2e-spec.ts).
 */
const FLAVOURS: readonly Flavour[] = ['minimax', 'moonshot', 'nvidia', 'llamacpp', 'zai'];

let upstreams: Upstreams;
let gateway: TestGateway;
let client: OpenAI;

beforeAll(async () => {
  upstreams = await startOpenAiUpstreams(FLAVOURS);
  gateway = await startTestGateway(upstreams.env);
  client = new OpenAI({ baseURL: `${gateway.url}/v1`, apiKey: 'unused', maxRetries: 0 });
});

afterAll(async () => {
  await gateway?.close();
  await upstreams?.closeAll();
});

afterEach(() => {
  for (const mock of Object.values(upstreams.mocks)) expect(mock.unexpected).toEqual([]);
});

const modelOf = (flavour: Flavour) => `${flavour}/${knownModels(flavour)[0]}`;
const lastBody = (flavour: Flavour) => upstreams.mocks[flavour].requests.at(-1)!.body!;

describe('the five presets of the original gateway', () => {
  it('brings a temperature MiniMax refuses into (0, 1]', async () => {
    const cold = await client.chat.completions.create({ model: modelOf('minimax'), messages: [{ role: 'user', content: 'Hi' }], temperature: 0 });
    expect(cold.choices[0].message.content).toBe(textOf('minimax'));
    expect(lastBody('minimax').temperature).toBe(0.01);
    await client.chat.completions.create({ model: modelOf('minimax'), messages: [{ role: 'user', content: 'Hi' }], temperature: 1.7 });
    expect(lastBody('minimax').temperature).toBe(1);
    await client.chat.completions.create({ model: modelOf('minimax'), messages: [{ role: 'user', content: 'Hi' }], temperature: 0.4 });
    expect(lastBody('minimax').temperature).toBe(0.4);
  });

  it('keeps a Moonshot temperature within [0, 1], and reads its reasoning_content', async () => {
    const completion = await client.chat.completions.create({
      model: modelOf('moonshot'),
      messages: [{ role: 'user', content: 'Hi #reasoning' }],
      temperature: 1.3,
    });
    expect(lastBody('moonshot').temperature).toBe(1);
    expect(completion.choices[0].message.content).toBe(textOf('moonshot'));
    expect((completion.choices[0].message as unknown as { reasoning_content?: string }).reasoning_content).toBe(MOCK_REASONING);
  });

  it('routes NVIDIA model ids that hold a slash, and lists only its chat models', async () => {
    expect(modelOf('nvidia')).toBe('nvidia/meta/llama-3.3-70b-instruct');
    const completion = await client.chat.completions.create({ model: modelOf('nvidia'), messages: [{ role: 'user', content: 'Hi' }] });
    expect(completion.choices[0].message.content).toBe(textOf('nvidia'));
    expect(lastBody('nvidia').model).toBe('meta/llama-3.3-70b-instruct');
    const page = await client.models.list({ query: { provider: 'nvidia' } });
    expect(page.data.map((model) => model.id)).toEqual(['nvidia/meta/llama-3.3-70b-instruct']);
  });

  it('calls a self-hosted NIM (NVIDIA_API_URL of its own) without a key', async () => {
    const nim = await startMockOpenAiUpstream('nvidia', { keyless: true });
    const selfHosted = await startTestGateway({ NVIDIA_API_URL: nim.baseUrl });
    try {
      const local = new OpenAI({ baseURL: `${selfHosted.url}/v1`, apiKey: 'unused', maxRetries: 0 });
      const completion = await local.chat.completions.create({ model: modelOf('nvidia'), messages: [{ role: 'user', content: 'Hi' }] });
      expect(completion.choices[0].message.content).toBe(textOf('nvidia'));
      expect(nim.requests.at(-1)!.headers.authorization).toBeUndefined();
    } finally {
      await selfHosted.close();
      await nim.close();
    }
  });

  it('calls a llama.cpp server without a key, max_completion_tokens sent as max_tokens', async () => {
    const stream = await client.chat.completions.create({
      model: modelOf('llamacpp'),
      messages: [{ role: 'user', content: 'Hi' }],
      max_completion_tokens: 64,
      stream: true,
    });
    let text = '';
    for await (const chunk of stream) text += chunk.choices[0]?.delta.content ?? '';
    expect(text).toBe('Hello!');
    const sent = upstreams.mocks.llamacpp.requests.at(-1)!;
    expect(sent.headers.authorization).toBeUndefined();
    expect(sent.body).toMatchObject({ max_tokens: 64 });
    expect(sent.body).not.toHaveProperty('max_completion_tokens');
  });

  it("answers Z.ai's errors of either shape as OpenAI errors with the status and business code", async () => {
    const flat = await client.chat.completions
      .create({ model: modelOf('zai'), messages: [{ role: 'user', content: 'Hi #error:400' }] })
      .catch((error: unknown) => error as InstanceType<typeof OpenAI.APIError>);
    expect(flat).toBeInstanceOf(OpenAI.BadRequestError);
    expect(flat).toMatchObject({ status: 400, code: '1210', message: expect.stringContaining('Mock failure 400') });
    const wrapped = await client.chat.completions
      .create({ model: modelOf('zai'), messages: [{ role: 'user', content: 'Hi #error:429' }] })
      .catch((error: unknown) => error as InstanceType<typeof OpenAI.APIError>);
    expect(wrapped).toBeInstanceOf(OpenAI.RateLimitError);
    expect(wrapped).toMatchObject({ status: 429, code: '1302' });
  });
});
