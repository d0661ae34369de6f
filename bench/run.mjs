// `npm run bench`: starts a loopback mock upstream, a raw Node reverse proxy (the ceiling), and the
// built gateway as users run it (logging at its default level; telemetry off, and on when the build
// has it), drives each at concurrency 1, 16 and 64 with non-streaming requests and 50-chunk
// streams, OpenAI chat (`json`, `stream`) and Anthropic Messages relayed to an Anthropic-format
// upstream (`messages-json`, `messages-stream`), interleaving targets across rounds, and prints medians. Then 1,000 concurrent slow
// streams through a fresh gateway, watching its RSS. Every process it starts is stopped at the end.
//
// Options: --seconds N (per run, default 5) --rounds N (default 3) --profile (writes a CPU profile
// of the gateway to bench/profiles/) --skip-memory --modes json,stream,messages-json,messages-stream --concurrency 1,16,64
// --targets gateway (comma-separated target names, for focused profiling) --compare <dir> (also
// drives the gateway built in another checkout, e.g. the previous commit, as "compared gateway")
// --routing (also drives a gateway with a routing file, sending an alias of one deployment as
// "gateway alias route": compared with "gateway", the cost of the routing step)
// --access (also drives "gateway + access (memory)" and "gateway + access (redis)": an access file
// with one key whose limits and budget are never reached, counted in memory and in a redis-server
// of the benchmark's own; the difference to "gateway" is the cost of the access check)
import { fork, spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { startGatewayProcess } from './gateway-process.mjs';
import { startAccessSetup } from './access-setup.mjs';

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const index = args.indexOf(`--${name}`);
  return index === -1 ? fallback : Number(args[index + 1]);
};
const SECONDS = option('seconds', 5);
const ROUNDS = option('rounds', 3);
const PROFILE = args.includes('--profile');
const SKIP_MEMORY = args.includes('--skip-memory');
const ROUTING = args.includes('--routing');
const list = (name, fallback) => {
  const index = args.indexOf(`--${name}`);
  return index === -1 ? fallback : args[index + 1].split(',');
};
const CONCURRENCIES = list('concurrency', ['1', '16', '64']).map(Number);
const MODES = list('modes', ['json', 'stream', 'messages-json', 'messages-stream']);
const pathOf = (mode) => (mode.startsWith('messages-') ? '/v1/messages' : '/v1/chat/completions');
const ONLY = list('targets', undefined); // e.g. --targets gateway
const ACCESS = args.includes('--access');
const COMPARE = (() => {
  const index = args.indexOf('--compare');
  return index === -1 ? undefined : args[index + 1];
})();
const root = new URL('..', import.meta.url).pathname;
const children = new Set();

if (!existsSync(`${root}dist/main.js`)) {
  console.error('dist/main.js is missing: run `npm run build` first (npm run bench does).');
  process.exit(1);
}

function track(child) {
  children.add(child);
  child.on('exit', () => children.delete(child));
  return child;
}
function stopAll() {
  for (const child of children) child.kill('SIGKILL');
}
process.on('exit', stopAll);
process.on('SIGINT', () => process.exit(130));

async function startForked(script, env = {}) {
  const child = track(fork(`${root}bench/${script}`, [], { env: { ...process.env, ...env }, stdio: ['ignore', 'ignore', 'inherit', 'ipc'] }));
  const { port } = await new Promise((resolve, reject) => {
    child.once('message', resolve);
    child.once('exit', (code) => reject(new Error(`${script} exited with ${code}`)));
  });
  return { pid: child.pid, port, child };
}

function startGateway(upstreamPort, extraEnv = {}, nodeFlags = [], cwd = undefined) {
  return startGatewayProcess({
    env: {
      OPENAI_API_URL: `http://127.0.0.1:${upstreamPort}/v1`,
      OPENAI_API_KEY: 'bench-key',
      ANTHROPIC_API_URL: `http://127.0.0.1:${upstreamPort}/v1`,
      ANTHROPIC_API_KEY: 'bench-key',
      ...extraEnv,
    },
    nodeFlags,
    track,
    cwd,
  });
}

const CLOCK_TICKS_PER_SECOND = 100;
function cpuMs(pid) {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / CLOCK_TICKS_PER_SECOND; // utime + stime
}
function rssMb(pid, field = 'VmRSS') {
  const match = new RegExp(`${field}:\\s+(\\d+) kB`).exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
  return match ? Number(match[1]) / 1024 : NaN;
}

function load(url, connections, seconds, mode, env = {}) {
  return new Promise((resolve, reject) => {
    const child = track(
      spawn(process.execPath, [`${root}bench/load.mjs`, url, String(connections), String(seconds), mode], {
        stdio: ['ignore', 'pipe', 'inherit'],
        env: { ...process.env, ...env },
      }),
    );
    let out = '';
    child.stdout.on('data', (piece) => (out += piece));
    child.on('exit', (code) => (code === 0 ? resolve(JSON.parse(out)) : reject(new Error(`load generator exited with ${code}`))));
  });
}

const median = (values) => {
  const sorted = values.filter((value) => Number.isFinite(value)).sort((a, b) => a - b);
  if (sorted.length === 0) return NaN;
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};

// ---------------------------------------------------------------------------------------------
console.log(`machine: ${os.cpus().length} x ${os.cpus()[0]?.model ?? 'cpu'}, ${(os.totalmem() / 1024 ** 3).toFixed(0)} GiB, Node ${process.version}`);
console.log(`runs: ${SECONDS}s each, ${ROUNDS} rounds interleaved, concurrency ${CONCURRENCIES.join('/')}, streams of 50 chunks\n`);

const mock = await startForked('mock-upstream.mjs');
const raw = await startForked('raw-proxy.mjs', { UPSTREAM: `http://127.0.0.1:${mock.port}` });
const profileFlags = PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${root}bench/profiles`] : [];
if (PROFILE) mkdirSync(`${root}bench/profiles`, { recursive: true });
const gateway = await startGateway(mock.port, {}, profileFlags);
const targets = [
  { name: 'direct to mock', url: `http://127.0.0.1:${mock.port}`, pid: mock.pid },
  { name: 'raw node proxy', url: `http://127.0.0.1:${raw.port}`, pid: raw.pid },
  { name: 'gateway', url: `http://127.0.0.1:${gateway.port}`, pid: gateway.pid, isGateway: true },
];
if (existsSync(`${root}dist/telemetry.js`)) {
  const withTelemetry = await startGateway(mock.port, { TELEMETRY_ENABLED: 'true' });
  targets.push({ name: 'gateway + telemetry', url: `http://127.0.0.1:${withTelemetry.port}`, pid: withTelemetry.pid, isGateway: true });
}

if (ROUTING) {
  // One alias, one deployment: the same upstream call as "gateway", through the routing step (plan, breaker, retry policy, first-event handoff).
  const directory = mkdtempSync(join(os.tmpdir(), 'gateway-bench-routing-'));
  process.on('exit', () => rmSync(directory, { recursive: true, force: true }));
  const path = join(directory, 'routing.yaml');
  writeFileSync(
    path,
    'models:\n  bench:\n    deployments: [{ provider: openai, model: bench-model }]\n  bench-messages:\n    deployments: [{ provider: anthropic, model: bench-model }]\n',
  );
  const routed = await startGateway(mock.port, { ROUTING_ENABLED: 'true', ROUTING_CONFIG_PATH: path });
  targets.push({
    name: 'gateway alias route',
    url: `http://127.0.0.1:${routed.port}`,
    pid: routed.pid,
    isGateway: true,
    env: { BENCH_MODEL: 'bench', BENCH_MESSAGES_MODEL: 'bench-messages' },
  });
}

if (ACCESS) {
  const access = await startAccessSetup(track);
  process.on('exit', access.cleanUp);
  for (const [name, extraEnv] of [
    ['gateway + access (memory)', { ACCESS_CONFIG_PATH: access.path }],
    ['gateway + access (redis)', { ACCESS_CONFIG_PATH: access.path, REDIS_URL: access.redisUrl }],
  ]) {
    const withAccess = await startGateway(mock.port, extraEnv);
    const url = `http://127.0.0.1:${withAccess.port}/v1/chat/completions`;
    targets.push({ name, url, pid: withAccess.pid, isGateway: true, env: { BENCH_API_KEY: access.key } });
  }
}

if (COMPARE) {
  const compared = await startGateway(mock.port, {}, profileFlags, COMPARE);
  // A checkout from before the Messages API has no /v1/messages to measure.
  const hasMessages = existsSync(`${COMPARE}/dist/ingress/anthropic-messages`);
  targets.push({
    name: 'compared gateway',
    url: `http://127.0.0.1:${compared.port}`,
    pid: compared.pid,
    isGateway: true,
    skip: hasMessages ? [] : ['messages-json', 'messages-stream'],
  });
}

if (ONLY) targets.splice(0, targets.length, ...targets.filter((target) => ONLY.includes(target.name)));
const samples = new Map(); // `${target}|${mode}|${c}` -> [{rps, p50, p99, cpuPerRequestUs}]
for (let round = 1; round <= ROUNDS; round++) {
  for (const mode of MODES) {
    for (const connections of CONCURRENCIES) {
      const order = round % 2 ? targets : [...targets].reverse();
      for (const target of order) {
        if (target.skip?.includes(mode)) continue;
        const cpuBefore = cpuMs(target.pid);
        const result = await load(target.url + pathOf(mode), connections, SECONDS, mode, target.env);
        const cpuUsed = cpuMs(target.pid) - cpuBefore;
        const key = `${target.name}|${mode}|${connections}`;
        if (!samples.has(key)) samples.set(key, []);
        samples.get(key).push({ ...result, cpuPerRequestUs: (cpuUsed * 1000) / Math.max(1, result.requests) });
        process.stderr.write(
          `round ${round} ${mode} c=${connections} ${target.name}: ${result.rps.toFixed(0)} req/s p50 ${(result.p50Ms ?? NaN).toFixed(3)} ms, ${result.errors} errors\n`,
        );
      }
    }
  }
}

const summary = (name, mode, connections) => {
  const runs = samples.get(`${name}|${mode}|${connections}`) ?? [];
  return {
    rps: median(runs.map((run) => run.rps)),
    p50: median(runs.map((run) => run.p50Ms)),
    p99: median(runs.map((run) => run.p99Ms)),
    cpu: median(runs.map((run) => run.cpuPerRequestUs)),
    errors: runs.reduce((sum, run) => sum + run.errors, 0),
  };
};

console.log('| mode | conc | target | req/s | p50 ms | p99 ms | added p50 vs direct | server CPU / request | req/s vs raw proxy | errors |');
console.log('| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |');
for (const mode of MODES) {
  for (const connections of CONCURRENCIES) {
    const direct = summary('direct to mock', mode, connections);
    const rawProxy = summary('raw node proxy', mode, connections);
    // With --targets, a reference that did not run leaves its column empty.
    for (const target of targets) {
      if (target.skip?.includes(mode)) continue;
      const s = summary(target.name, mode, connections);
      const added = target.name === 'direct to mock' || Number.isNaN(direct.p50) ? '' : `${(s.p50 - direct.p50).toFixed(3)} ms`;
      const ratio = target.name === 'direct to mock' || Number.isNaN(rawProxy.rps) ? '' : `${((s.rps / rawProxy.rps) * 100).toFixed(0)}%`;
      console.log(
        `| ${mode} | ${connections} | ${target.name} | ${s.rps.toFixed(0)} | ${s.p50.toFixed(3)} | ${s.p99.toFixed(3)} | ${added} | ${s.cpu.toFixed(0)} µs | ${ratio} | ${s.errors} |`,
      );
    }
  }
}
for (const target of targets.filter((entry) => entry.isGateway)) console.log(`\npeak RSS of ${target.name}: ${rssMb(target.pid, 'VmHWM').toFixed(0)} MB`);

if (PROFILE) {
  gateway.child.kill('SIGINT'); // --cpu-prof writes the profile on a clean exit
  await new Promise((resolve) => gateway.child.once('exit', resolve));
  console.log(`\nCPU profile written to bench/profiles/ (summarise with: node bench/profile-summary.mjs bench/profiles/<file>.cpuprofile)`);
}

/** Runs 1,000 one-shot slow streams through a fresh server, sampling its RSS every 100 ms. */
async function manySlowStreams(name, server, url) {
  const idle = rssMb(server.pid);
  let peak = idle;
  const sampler = setInterval(() => (peak = Math.max(peak, rssMb(server.pid))), 100);
  const started = Date.now();
  const result = await load(url, 1000, 0.01, 'slow-stream');
  clearInterval(sampler);
  console.log(
    `${name}: ${result.requests} complete, ${result.errors} failed, ${((Date.now() - started) / 1000).toFixed(1)} s, ` +
      `RSS ${idle.toFixed(0)} MB idle, ${peak.toFixed(0)} MB peak (+${(peak - idle).toFixed(0)} MB)`,
  );
  server.child.kill('SIGKILL');
}

if (!SKIP_MEMORY) {
  console.log('\n1,000 concurrent slow streams (50 chunks, 100 ms apart), each through a fresh server:');
  const freshGateway = await startGateway(mock.port);
  await manySlowStreams('gateway', freshGateway, `http://127.0.0.1:${freshGateway.port}/v1/chat/completions`);
  const freshRaw = await startForked('raw-proxy.mjs', { UPSTREAM: `http://127.0.0.1:${mock.port}` });
  await manySlowStreams('raw node proxy', freshRaw, `http://127.0.0.1:${freshRaw.port}/v1/chat/completions`);
}
stopAll();
