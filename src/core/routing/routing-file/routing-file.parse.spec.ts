import { PROVIDER_CATALOG } from '../../../providers/provider-catalog.js';
import { loadProvidersConfig } from '../../../providers/providers.config.js';
import { isModelAllowed } from '../routing.config.js';
import { DEFAULT_COOLDOWN, DEFAULT_RETRIES } from './routing-file.js';
import { parseRoutingFile, RoutingFileError } from './routing-file.parse.js';

const ENV = {
  OPENAI_API_KEY: 'sk-openai-default-0000',
  OPENAI_API_KEY_2: 'sk-openai-second-1111',
  ANTHROPIC_API_KEY: 'sk-ant-0000000000',
  GROQ_API_KEY: 'gsk-000000000000',
};

function parse(text: string, env: Record<string, string> = ENV, lists = { allowedModels: [] as string[], disallowedModels: [] as string[] }) {
  return parseRoutingFile(text, {
    env,
    catalog: PROVIDER_CATALOG,
    providers: loadProvidersConfig(env).providers,
    isModelAllowed: (provider, model) => isModelAllowed(lists, provider, model),
  });
}

function issues(text: string, env?: Record<string, string>) {
  try {
    parse(text, env);
  } catch (error) {
    if (error instanceof RoutingFileError) return error.issues;
    throw error;
  }
  throw new Error('the file was accepted');
}

/** The example of the README, word for word. */
const EXAMPLE = `models:
  smart:                          # the alias clients send as "model"
    strategy: priority            # round_robin | weighted | priority | least_busy | latency
    retries: { attempts: 2, backoff: 200ms, max_retry_after: 10s }   # attempts = tries per deployment; 1 = no retry
    cooldown: { failures: 3, window: 60s, duration: 30s }             # breaker per deployment
    deployments:
      - { provider: openai, model: gpt-4o, weight: 3, api_key_env: OPENAI_API_KEY_2, timeout: 30s }
      - { provider: anthropic, model: claude-sonnet-4-5 }
    fallbacks: [cheap]
  cheap:
    strategy: round_robin
    deployments:
      - { provider: groq, model: llama-3.3-70b-versatile }
      - { provider: ollama, model: llama3.2 }
routes:
  "openai/gpt-4o": { fallbacks: [smart] }
`;

describe('the routing file', () => {
  it('reads the documented example', () => {
    const file = parse(EXAMPLE);
    const smart = file.aliases.get('smart')!;
    expect(smart).toMatchObject({
      strategy: 'priority',
      retries: { attempts: 2, backoffMs: 200, maxRetryAfterMs: 10_000 },
      cooldown: { failures: 3, windowMs: 60_000, durationMs: 30_000 },
      fallbacks: ['cheap'],
    });
    expect(smart.deployments[0]).toEqual({
      provider: 'openai',
      model: 'gpt-4o',
      weight: 3,
      apiKeyEnv: 'OPENAI_API_KEY_2',
      apiKey: 'sk-openai-second-1111',
      baseUrl: 'https://api.openai.com/v1',
      timeoutMs: 30_000,
    });
    expect(smart.deployments[1]).toMatchObject({ provider: 'anthropic', model: 'claude-sonnet-4-5', weight: 1, apiKey: 'sk-ant-0000000000' });
    expect(file.aliases.get('cheap')).toMatchObject({ strategy: 'round_robin', retries: DEFAULT_RETRIES, cooldown: DEFAULT_COOLDOWN });
    expect(file.routes.get('openai/gpt-4o')).toMatchObject({
      fallbacks: ['smart'],
      deployments: [{ provider: 'openai', model: 'gpt-4o', apiKey: 'sk-openai-default-0000' }],
    });
    expect(file.secrets).toEqual(['sk-openai-second-1111']);
  });

  it("keeps the original gateway's shape working: round_robin over {provider, model}", () => {
    const file = parse(
      'models:\n  team:\n    strategy: round_robin\n    deployments:\n      - provider: openai\n        model: gpt-4o-mini\n      - provider: groq\n        model: llama-3.3-70b-versatile\n',
    );
    expect(file.aliases.get('team')!.deployments.map((deployment) => `${deployment.provider}/${deployment.model}`)).toEqual([
      'openai/gpt-4o-mini',
      'groq/llama-3.3-70b-versatile',
    ]);
  });

  it('accepts an empty file, cooldown: false, fallbacks to provider/model ids and YAML anchors', () => {
    expect(parse('').aliases.size).toBe(0);
    const file = parse(
      'defaults: &retries { attempts: 3 }\n'.replace('defaults', 'models:\n  a:\n    retries') +
        '    cooldown: false\n    deployments: [{ provider: openai, model: m }]\n    fallbacks: [groq/llama]\n  b:\n    retries: *retries\n    deployments: [{ provider: groq, model: n }]\n',
    );
    expect(file.aliases.get('a')).toMatchObject({ cooldown: undefined, fallbacks: ['groq/llama'], retries: { attempts: 3 } });
    expect(file.aliases.get('b')!.retries.attempts).toBe(3);
    expect(file.plainFallbacks.get('groq/llama')!.deployments).toEqual([expect.objectContaining({ provider: 'groq', model: 'llama' })]);
  });

  it.each([
    [
      'models:\n  a:\n    stratgy: priority\n    deployments: [{ provider: openai, model: m }]\n',
      3,
      'models.a.stratgy',
      /unknown key; expected one of strategy, deployments/,
    ],
    [
      'models:\n  a:\n    strategy: fastest\n    deployments: [{ provider: openai, model: m }]\n',
      3,
      'models.a.strategy',
      /expected one of round_robin, weighted/,
    ],
    [
      'models:\n  a:\n    retries: { attempts: 0 }\n    deployments: [{ provider: openai, model: m }]\n',
      3,
      'models.a.retries.attempts',
      /whole number from 1 to 10, got 0/,
    ],
    [
      'models:\n  a:\n    cooldown: { window: soon }\n    deployments: [{ provider: openai, model: m }]\n',
      3,
      'models.a.cooldown.window',
      /expected a duration/,
    ],
    [
      'models:\n  a:\n    deployments:\n      - { provider: openai, model: m }\n      - { provider: nobody, model: m }\n',
      5,
      'models.a.deployments[1].provider',
      /unknown provider "nobody"/,
    ],
    ['models:\n  a:\n    deployments:\n      - { provider: openai }\n', 4, 'models.a.deployments[0]', /a deployment needs a model/],
    ['models:\n  a:\n    deployments:\n      - { provider: openai, model: m, weight: -1 }\n', 4, 'models.a.deployments[0].weight', /greater than 0/],
    [
      'models:\n  a:\n    deployments:\n      - { provider: openai, model: m, api_key_env: MISSING_KEY }\n',
      4,
      'models.a.deployments[0].api_key_env',
      /MISSING_KEY is not set/,
    ],
    ['models:\n  a:\n    deployments:\n      - { provider: openai, model: m, api_url: "ftp://x" }\n', 4, 'models.a.deployments[0].api_url', /http\(s\) URL/],
    [
      'models:\n  a:\n    deployments:\n      - { provider: mistral, model: m }\n',
      4,
      'models.a.deployments[0]',
      /"mistral" needs a key: set MISTRAL_API_KEY or api_key_env/,
    ],
    ['models:\n  a:\n    deployments: []\n', 3, 'models.a.deployments', /at least one deployment/],
    ['models:\n  a:\n    strategy: priority\n', 2, 'models.a', /needs deployments/],
    [
      'models:\n  a:\n    deployments: [{ provider: openai, model: m }]\n    fallbacks: [nothing]\n',
      4,
      'models.a.fallbacks[0]',
      /"nothing" is neither an alias nor a provider\/model id/,
    ],
    [
      'models:\n  a:\n    deployments: [{ provider: openai, model: m }]\n    fallbacks: [a]\n',
      4,
      'models.a.fallbacks[0]',
      /cannot be the alias or route itself/,
    ],
    ['models:\n  "openai/mine":\n    deployments: [{ provider: openai, model: m }]\n', 2, 'models["openai/mine"]', /cannot start with a provider id/],
    ['routes:\n  "nobody/x": { fallbacks: [] }\n', 2, 'routes["nobody/x"]', /neither an alias nor a provider\/model id/],
    ['routes:\n  "openai/x": { strategy: weighted }\n', 2, 'routes["openai/x"].strategy', /unknown key/],
    ['model:\n  a: {}\n', 1, 'model', /unknown key; expected one of models, routes/],
  ])('refuses a bad file naming the line and the key (%#)', (text, line, path, message) => {
    expect(issues(text)).toContainEqual({ line, path, message: expect.stringMatching(message) });
  });

  it('reports every problem at once, in line order, and YAML syntax errors with their line', () => {
    const found = issues('models:\n  a:\n    strategy: nope\n    deployments:\n      - { provider: nobody, model: m }\n');
    expect(found.map((issue) => [issue.line, issue.path])).toEqual([
      [3, 'models.a.strategy'],
      [5, 'models.a.deployments[0].provider'],
    ]);
    expect(issues('models:\n  a: 1\n  a: 2\n')).toEqual([{ line: 3, path: '', message: expect.stringMatching(/unique/) }]);
  });

  it('refuses a deployment that ALLOWED_MODELS / DISALLOWED_MODELS refuse', () => {
    expect(() =>
      parse('models:\n  a:\n    deployments: [{ provider: openai, model: o4-mini }]\n', ENV, { allowedModels: [], disallowedModels: ['o4-mini'] }),
    ).toThrow(/line 3, models\.a\.deployments\[0\]\.model: "openai\/o4-mini" is refused/);
  });

  it('never puts a key in an error message', () => {
    let message = '';
    try {
      parse('models:\n  a:\n    deployments: [{ provider: openai, model: m, api_key_env: OPENAI_API_KEY_2, weight: x }]\n');
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message).toMatch(/weight/);
    expect(message).not.toContain(ENV.OPENAI_API_KEY_2);
  });
});
