import OpenAI from 'openai';
import { knownModels, type Flavour } from '../support/openai-flavours.js';
import { textOf } from '../support/openai-responses.js';
import { startOpenAiUpstreams, startTestGateway, type TestGateway, type Upstreams } from '../support/gateway-harness.js';

/**
 * Request-side quirks of OpenAI-format providers (wire-format reference, section 18): fields the
 * provider rejects must be renamed or removed. The mock upstreams reject the untranslated fields,
 * so each test fails if the gateway forwards them.
 */

const LEGACY_MAX_TOKENS: readonly Flavour[] = ['deepseek', 'ollama', 'ollama_cloud', 'cloudflare', 'google', 'mistral'];
const FLAVOURS: readonly Flavour[] = ['groq', 'mistral', ...LEGACY_MAX_TOKENS.filter((flavour) => flavour !== 'mistral')];

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

describe('provider request quirks', () => {
  it('sends Mistral seed as random_seed', async () => {
    const completion = await client.chat.completions.create({ model: modelOf('mistral'), messages: [{ role: 'user', content: 'Hi' }], seed: 42 });
    expect(completion.choices[0].message.content).toBe(textOf('mistral'));
    expect(lastBody('mistral')).toMatchObject({ random_seed: 42 });
    expect(lastBody('mistral')).not.toHaveProperty('seed');
  });

  it('removes the fields Groq rejects: logprobs, logit_bias, top_logprobs and messages[].name', async () => {
    const completion = await client.chat.completions.create({
      model: modelOf('groq'),
      messages: [
        { role: 'system', content: 'Be brief.', name: 'setup' },
        { role: 'user', content: 'Hi', name: 'alice' },
      ],
      logprobs: true,
      top_logprobs: 2,
      logit_bias: { '50256': -100 },
    });
    expect(completion.choices[0].message.content).toBe(textOf('groq'));
    const body = lastBody('groq');
    for (const field of ['logprobs', 'top_logprobs', 'logit_bias']) expect(body).not.toHaveProperty(field);
    expect(body.messages).toEqual([
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: 'Hi' },
    ]);
  });

  it.each(LEGACY_MAX_TOKENS)('sends max_completion_tokens to %s as max_tokens', async (flavour) => {
    const completion = await client.chat.completions.create({
      model: modelOf(flavour),
      messages: [{ role: 'user', content: 'Hi' }],
      max_completion_tokens: 33,
    });
    expect(completion.choices[0].message.content).toBe(textOf(flavour));
    expect(lastBody(flavour)).toMatchObject({ max_tokens: 33 });
    expect(lastBody(flavour)).not.toHaveProperty('max_completion_tokens');
  });
});
