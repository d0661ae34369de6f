import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';
import { duration } from '../../src/config/env-parsers.js';
import { loadServerConfig } from '../../src/config/server.config.js';
import { validateEnvironment } from '../../src/validate-environment.js';
import { parseAccessFile } from '../../src/access/access-file.parser.js';

const EXAMPLE = resolve(import.meta.dirname, '../../examples/docker-compose');

interface ComposeService {
  build?: { context: string };
  image?: string;
  env_file?: string[];
  environment?: Record<string, string>;
  depends_on?: Record<string, unknown> | string[];
  volumes?: string[];
  stop_grace_period?: string;
}
const readCompose = (file: string) =>
  parse(readFileSync(join(EXAMPLE, file), 'utf8')) as { services: Record<string, ComposeService>; volumes?: Record<string, unknown> };
const readEnvFile = (file: string) =>
  Object.fromEntries(
    readFileSync(join(EXAMPLE, file), 'utf8')
      .split('\n')
      .filter((line) => line.trim() !== '' && !line.startsWith('#'))
      .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
  ) as Record<string, string>;

const compose = readCompose('compose.yaml');
const gateway = compose.services.gateway;
const gatewayEnv: Record<string, string> = Object.assign({}, ...(gateway.env_file ?? []).map(readEnvFile), gateway.environment);

describe('the Docker Compose example', () => {
  it('builds the gateway from the repository Dockerfile', () => {
    expect(existsSync(join(EXAMPLE, gateway.build!.context, 'Dockerfile'))).toBe(true);
  });

  it('configures the gateway with values the gateway accepts, Ollama reached by its service name', () => {
    expect(() => validateEnvironment(gatewayEnv)).not.toThrow();
    expect(new URL(gatewayEnv.OLLAMA_API_URL).hostname).toBe('ollama');
    expect(compose.services.ollama).toBeDefined();
  });

  it('keeps only empty placeholders for keys in its env files', () => {
    const secrets = Object.entries(readEnvFile('gateway.env')).filter(([name]) => /KEY|TOKEN|SECRET/.test(name));
    expect(secrets.length).toBeGreaterThan(0);
    expect(secrets.filter(([, value]) => value !== '')).toEqual([]);
    expect(Object.values(readEnvFile('keycloak.env'))).toEqual(['change-me', 'change-me']);
  });

  it('has Prometheus scrape the metrics port the gateway serves', () => {
    const prometheus = parse(readFileSync(join(EXAMPLE, 'prometheus.yml'), 'utf8')) as {
      scrape_configs: Array<{ metrics_path: string; static_configs: Array<{ targets: string[] }> }>;
    };
    const targets = prometheus.scrape_configs.flatMap((job) => job.static_configs.flatMap((config) => config.targets));
    expect(targets).toEqual([`gateway:${gatewayEnv.TELEMETRY_METRICS_PORT}`]);
    expect(gatewayEnv.TELEMETRY_ENABLED).toBe('true');
    expect(compose.services.prometheus.volumes).toContain('./prometheus.yml:/etc/prometheus/prometheus.yml:ro');
  });

  it('gives the gateway longer to stop than it needs to drain', () => {
    const config = loadServerConfig(gatewayEnv);
    expect(duration({ grace: gateway.stop_grace_period }, 'grace', '10s')).toBeGreaterThanOrEqual(config.shutdownDelayMs + config.drainTimeoutMs + 5_000);
  });

  it('only depends on services and volumes it defines', () => {
    for (const service of Object.values(compose.services)) {
      const dependencies = Array.isArray(service.depends_on) ? service.depends_on : Object.keys(service.depends_on ?? {});
      for (const dependency of dependencies) expect(Object.keys(compose.services)).toContain(dependency);
      for (const volume of service.volumes ?? []) {
        const source = volume.split(':')[0];
        if (source.startsWith('.')) expect(existsSync(join(EXAMPLE, source))).toBe(true);
        else expect(Object.keys(compose.volumes ?? {})).toContain(source);
      }
    }
  });

  it('counts limits and budgets in the Redis it runs, reached by its service name', () => {
    expect(compose.services.redis.image).toMatch(/^redis:/);
    expect(new URL(gatewayEnv.REDIS_URL).hostname).toBe('redis');
    expect(gateway.depends_on).toHaveProperty('redis');
  });

  it('turns access control on with a file the gateway accepts, mounted as a directory so edits are seen', () => {
    const overlay = readCompose('compose.access.yaml').services.gateway;
    const env = { ...gatewayEnv, ...overlay.environment };
    const [source, target] = (overlay.volumes ?? [])[0].split(':');
    expect(env.ACCESS_CONFIG_PATH.startsWith(`${target}/`)).toBe(true);
    const file = join(EXAMPLE, source, env.ACCESS_CONFIG_PATH.slice(target.length + 1));
    expect(() => validateEnvironment({ ...env, ACCESS_CONFIG_PATH: file })).not.toThrow();
    expect(parseAccessFile(readFileSync(file, 'utf8'), file).prices).toHaveLength(1);
  });

  it('points the Keycloak variant at a realm and audience the realm file defines', () => {
    const overlay = readCompose('compose.keycloak.yaml');
    const auth = overlay.services.gateway.environment!;
    const realm = JSON.parse(readFileSync(join(EXAMPLE, 'keycloak/llm-gateway-realm.json'), 'utf8')) as {
      realm: string;
      clients: Array<{ clientId: string; protocolMappers?: Array<{ config: Record<string, string> }> }>;
    };
    expect(auth.AUTH_ENABLED).toBe('true');
    expect(new URL(auth.AUTH_OIDC_ISSUER).pathname).toBe(`/realms/${realm.realm}`);
    expect(new URL(auth.AUTH_OIDC_ISSUER).origin).toBe(overlay.services.keycloak.environment!.KC_HOSTNAME);
    const audiences = realm.clients.flatMap((client) => client.protocolMappers ?? []).map((mapper) => mapper.config['included.client.audience']);
    expect(audiences).toContain(auth.AUTH_OIDC_CLIENT_ID);
    expect(realm.clients.map((client) => client.clientId)).toContain(auth.AUTH_OIDC_CLIENT_ID);
  });
});
