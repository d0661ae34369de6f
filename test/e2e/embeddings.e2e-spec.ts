import OpenAI from 'openai';
import { startOpenAiUpstreams, startTestGateway, type TestGateway, type Upstreams } from '../support/gateway-harness.js';
import { startMockAnthropicUpstream, type MockAnthropicUpstream } from '../support/mock-anthropic-upstream.js';
import { startMockCohereUpstream, type MockCohereUpstream } from '../support/mock-cohere-upstream.js';
import { MOCK_KEY } from '../support/mock-openai-upstream.js';
import type { RecordedRequest } from '../support/mock-server.js';
import { EMBEDDING_FLAVOURS, EMBEDDING_MODELS, embeddingFor, tokensFor } from '../support/openai-embeddings.js';

/**
 * `POST /v1/embeddings` with the official client for every provider that has embeddings: relayed
 * to the OpenAI-format ones, translated for Cohere's `/v2/embed`; each input form where the
 * provider takes it (a 400 naming `input` where not), floats and base64 for all of them (base64
 * encoded by the gateway when the provider only sends floats).
 */

type Json = Record<string, unknown>;

const PROVIDERS = [...EMBEDDING_FLAVOURS, 'cohere'] as const;
type Provider = (typeof PROVIDERS)[number];
const MODELS: Record<Provider, string> = { ...EMBEDDING_MODELS, cohere: 'embed-v4.0' };
const TOKEN_INPUT: Provider[] = ['openai'];

let upstreams: Upstreams;
let cohere: MockCohereUpstream;
let anthropic: MockAnthropicUpstream;
let gateway: TestGateway;
let client: OpenAI;

beforeAll(async () => {
  [upstreams, cohere, anthropic] = await Promise.all([
    startOpenAiUpstreams([...EMBEDDING_FLAVOURS, 'groq']),
    startMockCohereUpstream(),
    startMockAnthropicUpstream(),
  ]);
  gateway = await startTestGateway({
    ...upstreams.env,
    COHERE_API_URL: cohere.baseUrl,
    COHERE_API_KEY: MOCK_KEY,
    ANTHROPIC_API_URL: anthropic.baseUrl,
    ANTHROPIC_API_KEY: MOCK_KEY,
  });
  client = new OpenAI({ baseURL: `${gateway.url}/v1`, apiKey: 'client-token', maxRetries: 0 });
});

afterAll(async () => {
  await gateway?.close();
  await Promise.all([upstreams?.closeAll(), cohere?.close(), anthropic?.close()]);
});

afterEach(() => {
  for (const mock of [...Object.values(upstreams.mocks), cohere, anthropic]) expect(mock.unexpected).toEqual([]);
});

const mockOf = (provider: Provider) => (provider === 'cohere' ? cohere : upstreams.mocks[provider]);
const lastRequest = (provider: Provider): RecordedRequest => mockOf(provider).requests.at(-1)!;
const modelOf = (provider: Provider) => `${provider}/${MODELS[provider]}`;
const asBase64 = (vector: number[]) => Buffer.from(new Float32Array(vector).buffer).toString('base64');

describe.each(PROVIDERS)('%s embeddings through the openai client', (provider) => {
  const texts = ['The food was delicious.', 'The waiter was friendly and quick.'];

  it.each([
    ['one string', texts[0], [texts[0]]],
    ['an array of strings', texts, texts],
  ])('embeds %s as floats', async (_form, input, embedded) => {
    const result = await client.embeddings.create({ model: modelOf(provider), input, encoding_format: 'float' });
    expect(result.object).toBe('list');
    expect(result.data).toEqual(embedded.map((text, index) => ({ object: 'embedding', index, embedding: embeddingFor(text) })));
    expect(result.usage).toEqual({ prompt_tokens: tokensFor(embedded), total_tokens: tokensFor(embedded) });
    expect(result.model).toBe(MODELS[provider]);
    expect(lastRequest(provider).body?.model).toBe(MODELS[provider]);
  });

  it('answers base64 (little-endian float32, as OpenAI encodes it) when asked', async () => {
    const result = await client.embeddings.create({ model: modelOf(provider), input: texts, encoding_format: 'base64' });
    expect(result.data.map((entry) => entry.embedding)).toEqual(texts.map((text) => asBase64(embeddingFor(text))));
  });

  it("decodes the base64 the client asks for by default into the provider's vectors", async () => {
    const result = await client.embeddings.create({ model: modelOf(provider), input: texts });
    expect(result.data.map((entry) => entry.embedding)).toEqual(texts.map((text) => embeddingFor(text)));
    const sent = lastRequest(provider).body as Json;
    if (provider === 'google' || provider === 'cloudflare' || provider === 'cohere') expect(sent).not.toHaveProperty('encoding_format');
    else expect(sent.encoding_format).toBe('base64');
  });

  const tokens: Array<[string, number[] | number[][], number[][]]> = [
    ['token ids', [1212, 318, 257, 1332], [[1212, 318, 257, 1332]]],
    [
      'arrays of token ids',
      [
        [1212, 318],
        [257, 1332, 13],
      ],
      [
        [1212, 318],
        [257, 1332, 13],
      ],
    ],
  ];
  if (TOKEN_INPUT.includes(provider)) {
    it.each(tokens)('embeds %s', async (_form, input, embedded) => {
      const result = await client.embeddings.create({ model: modelOf(provider), input, encoding_format: 'float' });
      expect(result.data.map((entry) => entry.embedding)).toEqual(embedded.map((ids) => embeddingFor(ids)));
    });
  } else {
    it.each(tokens)('refuses %s with a 400 naming input, before calling the provider', async (_form, input) => {
      const calls = mockOf(provider).requests.length;
      const error = await client.embeddings.create({ model: modelOf(provider), input }).catch((caught: unknown) => caught);
      expect(error).toMatchObject({ status: 400, param: 'input', code: 'unsupported_input' });
      expect((error as Error).message).toContain(provider === 'cohere' ? 'Cohere' : provider);
      expect(mockOf(provider).requests.length).toBe(calls);
    });
  }
});

describe('embeddings options', () => {
  it("sends dimensions under each provider's name for them", async () => {
    const openai = await client.embeddings.create({ model: modelOf('openai'), input: 'Hi', dimensions: 8, encoding_format: 'float' });
    expect(openai.data[0].embedding).toEqual(embeddingFor('Hi', 8));
    expect(lastRequest('openai').body).toMatchObject({ dimensions: 8 });

    await client.embeddings.create({ model: modelOf('mistral'), input: 'Hi', dimensions: 8, user: 'user-1' });
    const mistral = lastRequest('mistral').body as Json;
    expect(mistral).toMatchObject({ output_dimension: 8 });
    expect(mistral).not.toHaveProperty('dimensions');
    expect(mistral).not.toHaveProperty('user');

    const cohereResult = await client.embeddings.create({ model: modelOf('cohere'), input: 'Hi', dimensions: 256, encoding_format: 'float' });
    expect(cohereResult.data[0].embedding).toHaveLength(256);
    expect(lastRequest('cohere').body).toEqual({
      model: 'embed-v4.0',
      input_type: 'search_document',
      texts: ['Hi'],
      embedding_types: ['float'],
      output_dimension: 256,
    });
  });

  it("takes Cohere's input_type as an extension field, and keeps it from providers that do not know it", async () => {
    await client.embeddings.create({ model: modelOf('cohere'), input: 'Where is Paris?', input_type: 'search_query' } as OpenAI.EmbeddingCreateParams);
    expect(lastRequest('cohere').body).toMatchObject({ input_type: 'search_query' });
    await client.embeddings.create({ model: modelOf('openai'), input: 'Where is Paris?', input_type: 'search_query' } as OpenAI.EmbeddingCreateParams);
    expect(lastRequest('openai').body).not.toHaveProperty('input_type');
  });

  it('refuses a provider without embeddings with a 400 naming it', async () => {
    for (const model of ['groq/llama-3.3-70b-versatile', 'anthropic/claude-sonnet-4-5-20250929']) {
      const error = await client.embeddings.create({ model, input: 'Hi' }).catch((caught: unknown) => caught);
      expect(error).toMatchObject({ status: 400, param: 'model', code: 'embeddings_not_supported' });
      expect((error as Error).message).toContain(`"${model.split('/')[0]}"`);
    }
  });

  it.each([
    ['an empty string', { input: '' }, 'input'],
    ['an empty array', { input: [] }, 'input'],
    ['an unknown encoding', { input: 'Hi', encoding_format: 'int8' }, 'encoding_format'],
    ['a zero dimension', { input: 'Hi', dimensions: 0 }, 'dimensions'],
    ['no input', {}, 'input'],
  ])('refuses %s with a 400 naming the field', async (_case, fields, param) => {
    const response = await fetch(`${gateway.url}/v1/embeddings`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: modelOf('openai'), ...fields }),
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: { type: 'invalid_request_error', param } });
  });

  it("passes a provider's refusal on in OpenAI's error shape", async () => {
    const error = await client.embeddings.create({ model: 'mistral/unknown-embed', input: 'Hi' }).catch((caught: unknown) => caught);
    expect(error).toMatchObject({ status: 404 });
  });
});
