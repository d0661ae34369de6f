import OpenAI from 'openai';
import { startOpenAiUpstreams, startTestGateway, type TestGateway, type Upstreams } from '../support/gateway-harness.js';
import { MOCK_KEY } from '../support/mock-openai-upstream.js';

let upstreams: Upstreams;

beforeAll(async () => {
  upstreams = await startOpenAiUpstreams(['openai', 'groq', 'google', 'mistral', 'cloudflare', 'ollama']);
});
afterAll(() => upstreams?.closeAll());

const HI = [{ role: 'user' as const, content: 'Hi' }];

describe('model routing', () => {
  let gateway: TestGateway;
  let client: OpenAI;
  beforeAll(async () => {
    gateway = await startTestGateway(upstreams.env);
    client = new OpenAI({ baseURL: `${gateway.url}/v1`, apiKey: 'client-token', maxRetries: 0 });
  });
  afterAll(() => gateway?.close());

  it('keeps everything after the first slash as the upstream model', async () => {
    await client.chat.completions.create({ model: 'cloudflare/@cf/meta/llama-3.1-8b-instruct', messages: HI });
    expect(upstreams.mocks.cloudflare.requests.at(-1)!.body!.model).toBe('@cf/meta/llama-3.1-8b-instruct');
    expect(upstreams.mocks.cloudflare.requests.at(-1)!.path).toBe('/client/v4/accounts/acct123/ai/v1/chat/completions');
  });

  it('treats the provider prefix case-insensitively', async () => {
    const completion = await client.chat.completions.create({ model: 'OpenAI/gpt-4o-mini', messages: HI });
    expect(completion.choices[0].message.content).toBe('Hello from openai!');
  });

  it('sends the model untouched with ?provider=', async () => {
    const response = await fetch(`${gateway.url}/v1/chat/completions?provider=groq`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'llama-3.3-70b-versatile', messages: HI }),
    });
    expect(response.status).toBe(200);
    expect(upstreams.mocks.groq.requests.at(-1)!.body!.model).toBe('llama-3.3-70b-versatile');
  });

  it('translates request fields per provider (max_completion_tokens, seed, rejected fields)', async () => {
    await client.chat.completions.create({ model: 'mistral/mistral-large-latest', messages: HI, max_completion_tokens: 50, seed: 7 });
    expect(upstreams.mocks.mistral.requests.at(-1)!.body).toMatchObject({ max_tokens: 50, random_seed: 7 });
    await client.chat.completions.create({ model: 'ollama/llama3.2:latest', messages: HI, max_completion_tokens: 40 });
    expect(upstreams.mocks.ollama.requests.at(-1)!.body).toMatchObject({ max_tokens: 40 });
    await client.chat.completions.create({
      model: 'groq/llama-3.3-70b-versatile',
      messages: [{ role: 'user', content: 'Hi', name: 'alice' }],
      logprobs: true,
      top_logprobs: 2,
    });
    const groqBody = upstreams.mocks.groq.requests.at(-1)!.body!;
    expect(groqBody).not.toHaveProperty('logprobs');
    expect(groqBody.messages).toEqual([{ role: 'user', content: 'Hi' }]);
  });

  it('sends max_completion_tokens unchanged to OpenAI', async () => {
    await client.chat.completions.create({ model: 'openai/gpt-4o-mini', messages: HI, max_completion_tokens: 30 });
    expect(upstreams.mocks.openai.requests.at(-1)!.body).toMatchObject({ max_completion_tokens: 30 });
    expect(upstreams.mocks.openai.requests.at(-1)!.body).not.toHaveProperty('max_tokens');
  });
});

describe('ALLOWED_MODELS and DISALLOWED_MODELS', () => {
  let gateway: TestGateway;
  beforeAll(async () => {
    gateway = await startTestGateway({ ...upstreams.env, ALLOWED_MODELS: 'openai/GPT-4o-mini, gemini-2.5-flash, o4-mini', DISALLOWED_MODELS: 'o4-mini' });
  });
  afterAll(() => gateway?.close());

  const post = (model: string) =>
    fetch(`${gateway.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model, messages: HI }),
    });

  it.each([
    ['openai/gpt-4o-mini', 200],
    ['OpenAI/gpt-4o-mini', 200],
    ['google/gemini-2.5-flash', 200],
    ['groq/llama-3.3-70b-versatile', 403],
    ['openai/o4-mini', 403],
  ])('%s -> %i', async (model, status) => {
    const response = await post(model);
    expect(response.status).toBe(status);
    if (status === 403) expect(((await response.json()) as any).error).toMatchObject({ type: 'permission_error', code: 'model_not_allowed', param: 'model' });
  });

  it('lists only allowed models', async () => {
    const body = (await (await fetch(`${gateway.url}/v1/models`)).json()) as any;
    expect(body.data.map((model: { id: string }) => model.id).sort()).toEqual(['google/gemini-2.5-flash', 'openai/gpt-4o-mini']);
  });
});

describe('GET /v1/models', () => {
  let gateway: TestGateway;
  beforeAll(async () => {
    gateway = await startTestGateway({
      ...upstreams.env,
      DEEPSEEK_API_URL: 'http://127.0.0.1:1', // down
      DEEPSEEK_API_KEY: MOCK_KEY,
      LLAMACPP_API_URL: 'http://127.0.0.1:1/v1', // a local server that is not running
      OLLAMA_CLOUD_API_KEY: 'wrong-key', // misconfigured: the mock answers 401
      OLLAMA_CLOUD_API_URL: upstreams.mocks.openai.baseUrl,
      CLIENT_MODELS_CACHE_TTL: '1h',
    });
  });
  afterAll(() => gateway?.close());

  it('merges every usable provider, leaving out the ones that fail, with filtered and prefixed ids', async () => {
    const response = await fetch(`${gateway.url}/v1/models`);
    expect(response.status).toBe(200);
    const body = (await response.json()) as any;
    expect(body.object).toBe('list');
    const ids: string[] = body.data.map((model: { id: string }) => model.id);
    expect(ids.sort()).toEqual(
      [
        'cloudflare/@cf/meta/llama-3.1-8b-instruct',
        'cloudflare/@cf/openai/gpt-oss-120b',
        'google/gemini-2.5-flash',
        'groq/llama-3.3-70b-versatile',
        'mistral/mistral-large-latest',
        'ollama/llama3.2:latest',
        'openai/gpt-4o-mini',
        'openai/o4-mini',
      ].sort(),
    );
    for (const model of body.data) expect(Object.keys(model).sort()).toEqual(['created', 'id', 'object', 'owned_by']);
  });

  it('caches each provider list briefly', async () => {
    const before = upstreams.mocks.openai.requests.filter((request) => request.method === 'GET').length;
    await fetch(`${gateway.url}/v1/models?provider=openai`);
    await fetch(`${gateway.url}/v1/models?provider=openai`);
    const after = upstreams.mocks.openai.requests.filter((request) => request.method === 'GET').length;
    expect(after - before).toBeLessThanOrEqual(1);
  });

  it('lists one provider with ?provider=, and rejects an unknown one', async () => {
    const body = (await (await fetch(`${gateway.url}/v1/models?provider=mistral`)).json()) as any;
    expect(body.data.map((model: { id: string }) => model.id)).toEqual(['mistral/mistral-large-latest']);
    const unknown = await fetch(`${gateway.url}/v1/models?provider=nobody`);
    expect(unknown.status).toBe(400);
    expect(((await unknown.json()) as any).error.code).toBe('unknown_provider');
  });

  it('answers GET /v1/models/{id} as the openai client retrieves a model, slash escaped or not', async () => {
    const client = new OpenAI({ baseURL: `${gateway.url}/v1`, apiKey: 'client-token', maxRetries: 0 });
    const model = await client.models.retrieve('openai/gpt-4o-mini');
    expect(model).toEqual({ id: 'openai/gpt-4o-mini', object: 'model', created: 1721172741, owned_by: 'system' });
    const raw = (await (await fetch(`${gateway.url}/v1/models/cloudflare/@cf/openai/gpt-oss-120b`)).json()) as { id: string };
    expect(raw.id).toBe('cloudflare/@cf/openai/gpt-oss-120b');
    const bare = (await (await fetch(`${gateway.url}/v1/models/mistral-large-latest?provider=mistral`)).json()) as { id: string };
    expect(bare.id).toBe('mistral/mistral-large-latest');
  });

  it('answers an unknown model id with a 404 naming it', async () => {
    const client = new OpenAI({ baseURL: `${gateway.url}/v1`, apiKey: 'client-token', maxRetries: 0 });
    for (const id of ['openai/gpt-unknown', 'nobody/some-model', 'no-prefix', 'deepseek/deepseek-chat']) {
      const error = await client.models.retrieve(id).catch((caught: unknown) => caught);
      expect(error).toMatchObject({ status: 404, code: 'model_not_found', param: 'model' });
      expect((error as Error).message).toContain(`'${id}'`);
    }
  });

  it('logs the providers it left out, without their keys', async () => {
    await fetch(`${gateway.url}/v1/models`);
    const lines = gateway.logs.filter((line) => line.msg === 'provider left out of the model list');
    expect([...new Set(lines.map((line) => line.provider))].sort()).toEqual(['deepseek', 'llamacpp', 'ollama_cloud']);
    expect(gateway.rawLogs.join('\n')).not.toContain(MOCK_KEY);
  });
});
