import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { startOpenAiUpstreams, startTestGateway, type TestGateway, type Upstreams } from '../support/gateway-harness.js';

/**
 * `GET /v1/models?include=context_window,pricing,modalities`: each key resolved from the local
 * server at run time (Ollama's `/api/show`, llama.cpp's `/props`), the provider's own model list
 * (Groq's `context_window`), or the models.dev catalogue; an explicit null where none knows.
 */
let upstreams: Upstreams;
let gateway: TestGateway;

beforeAll(async () => {
  upstreams = await startOpenAiUpstreams(['openai', 'groq', 'ollama', 'llamacpp', 'moonshot']);
  gateway = await startTestGateway(upstreams.env);
});

afterAll(async () => {
  await gateway?.close();
  await upstreams?.closeAll();
});

type Listed = Record<string, unknown> & { id: string };
const listWith = async (query: string) => {
  const response = await fetch(`${gateway.url}/v1/models${query}`);
  return { status: response.status, body: (await response.json()) as { data: Listed[]; error?: Record<string, unknown> } };
};
const byId = (data: Listed[]) => Object.fromEntries(data.map((model) => [model.id, model]));

describe('GET /v1/models?include=', () => {
  it('adds context windows, prices and modalities from the runtime, the provider list and models.dev, null where none knows', async () => {
    const { status, body } = await listWith('?include=context_window,pricing,modalities');
    expect(status).toBe(200);
    const models = byId(body.data);
    expect(models['openai/gpt-4o-mini']).toEqual({
      id: 'openai/gpt-4o-mini',
      object: 'model',
      created: 1721172741,
      owned_by: 'system',
      context_window: { tokens: 128000, source: 'community' },
      pricing: { currency: 'USD', input_per_token: '0.00000015', output_per_token: '0.0000006', cache_read_per_token: '0.00000008', source: 'community' },
      modalities: { input: ['text', 'image'], output: ['text'] },
    });
    expect(models['groq/llama-3.3-70b-versatile']).toMatchObject({
      context_window: { tokens: 131072, source: 'provider' },
      pricing: { input_per_token: '0.00000059', output_per_token: '0.00000079' },
    });
    // The Modelfile's num_ctx wins over the architecture's context length; Ollama's local models have no price.
    expect(models['ollama/llama3.2:latest']).toMatchObject({ context_window: { tokens: 8192, source: 'runtime' }, pricing: null, modalities: null });
    expect(models['llamacpp/ggml-org/gemma-3-1b-it-GGUF']).toMatchObject({ context_window: { tokens: 4096, source: 'runtime' }, pricing: null });
    expect(models['moonshot/kimi-k2-0905-preview']).toMatchObject({
      context_window: { tokens: 262144, source: 'community' },
      pricing: { input_per_token: '0.0000006', output_per_token: '0.0000025', cache_read_per_token: '0.00000015' },
    });
    expect(upstreams.mocks.ollama.requests.filter((request) => request.path === '/api/show').map((request) => request.body)).toEqual([
      { model: 'llama3.2:latest' },
    ]);
    expect(upstreams.mocks.llamacpp.requests.some((request) => request.method === 'GET' && request.path === '/props')).toBe(true);
  });

  it('adds only the keys asked for, spaces and repeats aside, and keeps the plain list unchanged', async () => {
    const { body } = await listWith('?include=%20pricing,,pricing%20&provider=openai');
    expect(Object.keys(byId(body.data)['openai/o4-mini']).sort()).toEqual(['created', 'id', 'object', 'owned_by', 'pricing']);
    const plain = await listWith('?provider=openai');
    for (const model of plain.body.data) expect(Object.keys(model).sort()).toEqual(['created', 'id', 'object', 'owned_by']);
  });

  it('refuses an unknown key with a 400 naming it, in OpenAI shape', async () => {
    const { status, body } = await listWith('?include=context_window,price');
    expect(status).toBe(400);
    expect(body).toEqual({
      error: {
        message: "Unknown include value 'price'; supported: context_window, pricing, modalities.",
        type: 'invalid_request_error',
        param: 'include',
        code: 'invalid_include',
      },
    });
  });

  it('answers one model with its metadata through the openai client', async () => {
    const client = new OpenAI({ baseURL: `${gateway.url}/v1`, apiKey: 'unused', maxRetries: 0 });
    const model = (await client.models.retrieve('moonshot/kimi-k2-0905-preview', { query: { include: 'context_window,modalities' } })) as unknown as Listed;
    expect(model).toMatchObject({ id: 'moonshot/kimi-k2-0905-preview', context_window: { tokens: 262144 }, modalities: { input: ['text'], output: ['text'] } });
    expect(model).not.toHaveProperty('pricing');
  });

  it('keeps the metadata on the models of an Anthropic client', async () => {
    const anthropic = new Anthropic({ baseURL: gateway.url, apiKey: 'unused', maxRetries: 0 });
    const page = await anthropic.models.list({ limit: 100 }, { query: { include: 'context_window,pricing', provider: 'openai' } });
    const listed = page.data.find((model) => model.id === 'openai/gpt-4o-mini') as unknown as Listed;
    expect(listed).toMatchObject({
      type: 'model',
      id: 'openai/gpt-4o-mini',
      context_window: { tokens: 128000, source: 'community' },
      pricing: { input_per_token: '0.00000015', output_per_token: '0.0000006' },
    });
    expect(listed).not.toHaveProperty('modalities');
    const one = (await anthropic.models.retrieve('moonshot/kimi-k2-0905-preview', {}, { query: { include: 'modalities' } })) as unknown as Listed;
    expect(one).toMatchObject({ type: 'model', id: 'moonshot/kimi-k2-0905-preview', modalities: { input: ['text'], output: ['text'] } });
  });
});
