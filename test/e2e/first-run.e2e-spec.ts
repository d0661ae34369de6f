import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { spawnGateway, type GatewayProcess } from '../support/gateway-process.js';
import { MOCK_KEY, startMockOpenAiUpstream, type MockUpstream } from '../support/mock-openai-upstream.js';

// What a newcomer sees in the first minute: where the gateway serves, which providers it can
// reach and which it skipped (and why), a .env file read as the original gateway reads it, and a
// clear word when the Node.js is too old.

const ROOT = join(import.meta.dirname, '..', '..');
const MAIN = join(ROOT, 'dist', 'main.js');
let upstream: MockUpstream;
let directory: string;
const started: GatewayProcess[] = [];

beforeAll(async () => {
  upstream = await startMockOpenAiUpstream('openai');
  directory = mkdtempSync(join(tmpdir(), 'gateway-first-run-'));
});

afterAll(async () => {
  for (const gateway of started) gateway.child.kill('SIGKILL');
  rmSync(directory, { recursive: true, force: true });
  await upstream?.close();
});

const lines = (gateway: GatewayProcess) =>
  gateway
    .output()
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Record<string, unknown>);

describe('the first run', () => {
  it('says where it serves, which providers it can reach and which it skipped, reading .env with the environment winning', async () => {
    writeFileSync(join(directory, '.env'), `OPENAI_API_URL=${upstream.baseUrl}\nOPENAI_API_KEY=from-dotenv\n# a comment\nLOG_LEVEL=info\n`);
    const gateway = await spawnGateway({ cwd: directory, args: [MAIN], env: { OPENAI_API_KEY: MOCK_KEY } });
    started.push(gateway);
    const listening = lines(gateway).find((line) => line.msg === 'gateway listening')!;
    expect(listening).toMatchObject({ url: gateway.url, docs: `${gateway.url}/docs` });
    const providers = lines(gateway).find((line) => typeof line.msg === 'string' && line.msg.startsWith('providers: '))!;
    expect(providers).toMatchObject({ configured: ['openai'], skipped: { groq: 'set GROQ_API_KEY', anthropic: 'set ANTHROPIC_API_KEY' } });
    expect(providers.assumed).toMatchObject({ ollama: 'http://localhost:11434/v1' });
    // The environment's key, not the .env file's, reaches the provider (the mock accepts only it).
    const answer = await fetch(`${gateway.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: 'openai/gpt-4o-mini', messages: [{ role: 'user', content: 'Hi' }] }),
    });
    expect(answer.status).toBe(200);
    expect(gateway.output()).not.toContain(MOCK_KEY);
  }, 60_000);

  it('is ready with no provider configured, and says so in the log and in /health/ready', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'gateway-empty-'));
    try {
      const gateway = await spawnGateway({ cwd: empty, args: [MAIN] });
      started.push(gateway);
      expect(lines(gateway).find((line) => line.level === 40 && String(line.msg).startsWith('no provider is configured'))).toBeDefined();
      const ready = await fetch(`${gateway.url}/health/ready`);
      expect(ready.status).toBe(200);
      expect(await ready.json()).toMatchObject({ info: { providers: { status: 'up', configured: [], note: 'no provider is configured' } } });
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  }, 60_000);

  it('stops at once with a clear message on a Node.js older than 24', () => {
    // The machine's own Node.js (the project pins 24 in node_modules/.bin; the system one is older).
    const systemPath = (process.env.PATH ?? '')
      .split(delimiter)
      .filter((entry) => !entry.includes('node_modules'))
      .join(delimiter);
    const oldNode = execFileSync('sh', ['-c', 'command -v node'], { env: { PATH: systemPath }, encoding: 'utf8' }).trim();
    const version = execFileSync(oldNode, ['--version'], { encoding: 'utf8' }).trim();
    expect(Number(version.slice(1).split('.')[0])).toBeLessThan(24);
    const run = spawnSync(oldNode, [MAIN], { cwd: directory, env: { PATH: systemPath }, encoding: 'utf8', timeout: 20_000 });
    expect(run.status).toBe(1);
    expect(run.stderr).toContain(`needs Node.js 24 or newer; this is ${version}`);
  });
});
