import { spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { spawnGateway, type GatewayProcess } from '../support/gateway-process.js';
import { findSamples, parseSamples } from '../support/prometheus-samples.js';
import { deployment, writeRoutingFile, type RoutingFile } from '../support/routing-file.js';
import { fail, startRefusingServer, startScriptedUpstream, type ScriptedUpstream } from '../support/scripted-upstream.js';

// The gateway as `npm start` runs it (`dist/`, which `npm test` builds first): start-up refuses a
// bad routing file, and the routing metrics need the OpenTelemetry SDK, which patches modules
// process-wide.

const ROOT = resolve(import.meta.dirname, '../..');
const MAIN = resolve(ROOT, 'dist/main.js');
const POOL_KEY = 'sk-pool-key-never-in-metrics-7731';

/** Runs the gateway until it exits; its output and exit code. */
function runUntilExit(env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [MAIN], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', ENVIRONMENT: 'production', SERVER_HOST: '127.0.0.1', SERVER_PORT: '0', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (data: Buffer) => (output += data.toString('utf8')));
    child.stderr.on('data', (data: Buffer) => (output += data.toString('utf8')));
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000); // a gateway that started despite the bad file
    child.once('exit', (code) => {
      clearTimeout(timer);
      done({ code, output });
    });
  });
}

describe('start-up', () => {
  it('refuses a bad routing file, naming the file, the line and the key', async () => {
    const file = writeRoutingFile(`models:
  smart:
    strategy: priority
    retries: { attempts: 0, backoff: 200ms }
    deployments:
      - { provider: openai, model: gpt-4o }
`);
    try {
      const { code, output } = await runUntilExit({ ROUTING_ENABLED: 'true', ROUTING_CONFIG_PATH: file.path, OPENAI_API_KEY: 'sk-openai-default-key-0001' });
      expect(code).toBe(1);
      expect(output).toContain(
        `Invalid configuration: ROUTING_CONFIG_PATH: ${file.path}: line 4, models.smart.retries.attempts: expected a whole number from 1 to 10, got 0`,
      );
      expect(output).not.toContain('gateway listening');
    } finally {
      file.remove();
    }
  }, 40_000);
});

describe('routing metrics', () => {
  let gateway: GatewayProcess;
  let upstream: ScriptedUpstream;
  let down: Awaited<ReturnType<typeof startRefusingServer>>;
  let file: RoutingFile;

  beforeAll(async () => {
    [upstream, down] = await Promise.all([startScriptedUpstream('up'), startRefusingServer()]);
    file = writeRoutingFile(`
models:
  smart:
    strategy: priority
    cooldown: { failures: 2, window: 60s, duration: 60s }
    deployments:
      - ${deployment('model-down', down.baseUrl, 'api_key_env: POOL_KEY')}
      - ${deployment('model-up', upstream.baseUrl)}
`);
    gateway = await spawnGateway({
      cwd: ROOT,
      args: [MAIN],
      env: {
        ROUTING_ENABLED: 'true',
        ROUTING_CONFIG_PATH: file.path,
        OPENAI_API_KEY: 'sk-openai-default-key-0001',
        OPENAI_API_URL: upstream.baseUrl,
        POOL_KEY,
        TELEMETRY_ENABLED: 'true',
        TELEMETRY_METRICS_HOST: '127.0.0.1',
      },
    });
  }, 60_000);

  afterAll(async () => {
    gateway?.child.kill('SIGKILL');
    await Promise.all([upstream?.close(), down?.close()]);
    file?.remove();
  });

  const chat = () =>
    fetch(`${gateway.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'smart', messages: [{ role: 'user', content: 'Hi' }] }),
    });

  it('counts attempts by outcome and fallbacks, and shows each deployment breaker', async () => {
    upstream.script(fail(500));
    for (let request = 0; request < 4; request++) await chat();
    const text = await (await fetch(gateway.metricsUrl!)).text();
    const samples = parseSamples(text);
    const down0 = { gen_ai_provider_name: 'openai', gen_ai_request_model: 'model-down', gateway_alias: 'smart', gateway_deployment: '0' };
    const up1 = { gen_ai_provider_name: 'openai', gen_ai_request_model: 'model-up', gateway_alias: 'smart', gateway_deployment: '1' };
    const attempts = (labels: Record<string, string>, outcome: string) =>
      findSamples(samples, 'gateway_attempts_total', { ...labels, gateway_attempt_outcome: outcome })[0]?.value ?? 0;
    // Two calls to the deployment that is down (then its breaker opened), each followed by a fallback.
    expect(attempts(down0, 'fallback')).toBe(2);
    expect(attempts(down0, 'skipped_open_circuit')).toBe(2);
    // The first request's fallback failed with a 500 (its answer); the three others succeeded.
    expect(attempts(up1, 'failure')).toBe(1);
    expect(attempts(up1, 'success')).toBe(3);
    expect(findSamples(samples, 'gateway_fallbacks_total', down0)[0]?.value).toBe(2);
    expect(findSamples(samples, 'gateway_cooldown_state', down0)[0]?.value).toBe(2);
    expect(findSamples(samples, 'gateway_cooldown_state', up1)[0]?.value).toBe(0);
    expect(text).not.toContain(POOL_KEY);
    expect(gateway.output()).not.toContain(POOL_KEY);
  });
});
