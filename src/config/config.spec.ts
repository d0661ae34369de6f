import { loadClientConfig } from './client.config.js';
import { ConfigError, byteSize, duration } from './env-parsers.js';
import { loadProvidersConfig } from '../providers/providers.config.js';
import { loadRoutingConfig } from '../core/routing/routing.config.js';
import { loadServerConfig } from './server.config.js';
import { validateEnvironment } from '../validate-environment.js';

describe('durations and sizes', () => {
  it.each([
    ['500ms', 500],
    ['30s', 30_000],
    ['2m', 120_000],
    ['1h', 3_600_000],
    ['45', 45_000],
    ['1.5s', 1500],
  ])('reads %s as %i ms', (raw, ms) => {
    expect(duration({ X: raw }, 'X', '1s')).toBe(ms);
  });

  it.each(['soon', '10 minutes', '-5s', '5d'])('rejects the duration %s naming the variable', (raw) => {
    expect(() => duration({ SERVER_READ_TIMEOUT: raw }, 'SERVER_READ_TIMEOUT', '1s')).toThrow(/^SERVER_READ_TIMEOUT: /);
  });

  it.each([
    ['10MiB', 10 * 1024 * 1024],
    ['512KB', 512_000],
    ['1048576', 1048576],
    ['2gib', 2 * 1024 ** 3],
  ])('reads the size %s', (raw, bytes) => {
    expect(byteSize({ X: raw }, 'X', '1')).toBe(bytes);
  });

  it('rejects a size it cannot read', () => {
    expect(() => byteSize({ SERVER_MAX_REQUEST_BODY_SIZE: 'big' }, 'SERVER_MAX_REQUEST_BODY_SIZE', '1')).toThrow(ConfigError);
  });
});

describe('server and client configuration', () => {
  it('has the documented defaults', () => {
    expect(loadServerConfig({})).toEqual({
      environment: 'production',
      host: '0.0.0.0',
      port: 8080,
      readTimeoutMs: 30_000,
      writeTimeoutMs: 30_000,
      idleTimeoutMs: 120_000,
      maxRequestBodyBytes: 10 * 1024 * 1024,
      maxRequestJsonObjects: 30_000,
      shutdownDelayMs: 5_000,
      drainTimeoutMs: 60_000,
      streamPingIntervalMs: 10_000,
    });
    expect(loadClientConfig({})).toMatchObject({ timeoutMs: 300_000, responseHeaderTimeoutMs: 60_000, streamIdleTimeoutMs: 60_000, maxConnectionsPerHost: 0 });
  });

  it.each([
    [{ SERVER_PORT: '70000' }, 'SERVER_PORT'],
    [{ SERVER_PORT: 'http' }, 'SERVER_PORT'],
    [{ ENVIRONMENT: 'staging' }, 'ENVIRONMENT'],
    [{ CLIENT_TIMEOUT: 'forever' }, 'CLIENT_TIMEOUT'],
    [{ OPENAI_API_URL: 'ftp://example.com' }, 'OPENAI_API_URL'],
    [{ MISTRAL_API_URL: 'not a url' }, 'MISTRAL_API_URL'],
  ])('stops start-up on %j naming %s', (env, variable) => {
    expect(() => validateEnvironment(env)).toThrow(new RegExp(`^${variable}: `));
  });
});

describe('provider configuration', () => {
  it('derives <ID>_API_URL and <ID>_API_KEY for every catalogued provider', () => {
    const { providers } = loadProvidersConfig({ GROQ_API_KEY: ' gsk_1 ', OPENAI_API_URL: 'http://127.0.0.1:9000/v1/' });
    expect(providers.groq).toEqual({ id: 'groq', baseUrl: 'https://api.groq.com/openai/v1', apiKey: 'gsk_1', unusableReason: undefined, configured: true });
    expect(providers.openai.baseUrl).toBe('http://127.0.0.1:9000/v1');
    expect(providers.openai.unusableReason).toBe('set OPENAI_API_KEY');
    expect(providers.openai.configured).toBe(false);
    expect(providers.ollama.unusableReason).toBeUndefined(); // no key needed
    expect(providers.ollama.configured).toBe(false); // but only assumed at its default address
    expect(loadProvidersConfig({ OLLAMA_API_URL: 'http://gpu-box:11434/v1' }).providers.ollama.configured).toBe(true);
  });

  it('marks Cloudflare unusable until its account placeholder is filled in', () => {
    expect(loadProvidersConfig({ CLOUDFLARE_API_KEY: 'k' }).providers.cloudflare.unusableReason).toMatch(/CLOUDFLARE_API_URL.*ACCOUNT_ID/);
    const filled = loadProvidersConfig({ CLOUDFLARE_API_KEY: 'k', CLOUDFLARE_API_URL: 'https://api.cloudflare.com/client/v4/accounts/abc/ai' });
    expect(filled.providers.cloudflare.unusableReason).toBeUndefined();
  });

  it('needs no code for a new provider: a catalogue entry is enough', () => {
    const { providers } = loadProvidersConfig({ NEWCO_API_KEY: 'k' }, [{ id: 'newco', defaultUrl: 'https://api.newco.example/v1', requiresKey: true }]);
    expect(providers.newco).toMatchObject({ baseUrl: 'https://api.newco.example/v1', apiKey: 'k' });
  });
});

describe('routing configuration', () => {
  it('reads comma-separated model lists, trimmed and lower-cased', () => {
    expect(loadRoutingConfig({ ALLOWED_MODELS: ' openai/GPT-4o , ,llama3 ', DISALLOWED_MODELS: '' })).toMatchObject({
      allowedModels: ['openai/gpt-4o', 'llama3'],
      disallowedModels: [],
    });
  });

  it('is off by default and needs a file when on', () => {
    expect(loadRoutingConfig({})).toMatchObject({ enabled: false, configPath: undefined });
    expect(() => loadRoutingConfig({ ROUTING_ENABLED: 'true' })).toThrow(/^ROUTING_CONFIG_PATH: is required with ROUTING_ENABLED=true/);
    expect(() => loadRoutingConfig({ ROUTING_ENABLED: 'maybe', ROUTING_CONFIG_PATH: '/x.yaml' })).toThrow(/^ROUTING_ENABLED: /);
    expect(() => loadRoutingConfig({ ROUTING_ENABLED: 'true', ROUTING_CONFIG_PATH: '/nonexistent/routing.yaml' })).toThrow(
      /^ROUTING_CONFIG_PATH: cannot read \/nonexistent\/routing\.yaml/,
    );
  });
});
