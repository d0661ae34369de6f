#!/usr/bin/env node
// What telemetry and request logging cost per request. Starts the built gateway (`npm run build`
// first) several times side by side, each with one configuration, in front of a loopback
// OpenAI-format upstream and a loopback OTLP sink, and drives each with autocannon in turn at
// the same fixed request rate (configurations interleaved, several rounds, medians reported).
// The figure that matters is the gateway process's own CPU time per request (from /proc, so
// Linux only): at a fixed rate below saturation it does not depend on how fast the load
// generator, which shares the machine's cores, happens to be. Latency at that rate is reported too.
//
//   npm run bench:telemetry     # BENCH_RATE=300 (requests/s) BENCH_SECONDS=6 BENCH_ROUNDS=5 BENCH_CONNECTIONS=8
import autocannon from 'autocannon';
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startGatewayProcess } from './gateway-process.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const MAIN = join(ROOT, 'dist', 'main.js');
const RATE = Number(process.env.BENCH_RATE ?? 300);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 6);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 8);
const CLOCK_TICKS_PER_SECOND = 100; // Linux USER_HZ

if (!existsSync(MAIN)) {
  console.error('dist/main.js is missing: run `npm run build` first.');
  process.exit(1);
}

const USAGE = { prompt_tokens: 9, completion_tokens: 4, total_tokens: 13 };

/** A minimal OpenAI-format upstream: one JSON completion, or a five-chunk stream. */
function startUpstream() {
  return listen(
    createServer((request, response) => {
      let raw = '';
      request.on('data', (piece) => (raw += piece));
      request.on('end', () => {
        const body = JSON.parse(raw);
        const base = { id: 'chatcmpl-bench', created: 1760000000, model: body.model };
        if (body.stream !== true) {
          response.writeHead(200, { 'content-type': 'application/json' });
          response.end(
            JSON.stringify({
              ...base,
              object: 'chat.completion',
              choices: [{ index: 0, message: { role: 'assistant', content: 'Hello there!' }, finish_reason: 'stop' }],
              usage: USAGE,
            }),
          );
          return;
        }
        response.writeHead(200, { 'content-type': 'text/event-stream' });
        const chunk = (choices, extra = {}) => `data: ${JSON.stringify({ ...base, object: 'chat.completion.chunk', choices, ...extra })}\n\n`;
        let frames = chunk([{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null }]);
        for (const piece of ['Hel', 'lo ', 'the', 're!']) frames += chunk([{ index: 0, delta: { content: piece }, finish_reason: null }]);
        frames += chunk([{ index: 0, delta: {}, finish_reason: 'stop' }]);
        if (body.stream_options?.include_usage) frames += chunk([], { usage: USAGE });
        response.end(`${frames}data: [DONE]\n\n`);
      });
    }),
  );
}

/** An OTLP/HTTP endpoint that accepts and drops every export. */
function startSink() {
  return listen(
    createServer((request, response) => {
      request.resume();
      request.on('end', () => response.writeHead(200, { 'content-type': 'application/x-protobuf' }).end());
    }),
  );
}

async function listen(server) {
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { port: server.address().port, close: () => new Promise((resolve) => server.close(resolve)) };
}

function startGateway(env) {
  return startGatewayProcess({ env, inheritEnv: false });
}

/** User plus system CPU time of a process, in microseconds. */
function cpuMicroseconds(pid) {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return ((Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS_PER_SECOND) * 1e6;
}

async function drive(gateway, body, seconds) {
  const before = cpuMicroseconds(gateway.pid);
  const result = await autocannon({
    url: `${gateway.url}/v1/chat/completions`,
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
    connections: CONNECTIONS,
    overallRate: RATE,
    duration: seconds,
  });
  const cpu = cpuMicroseconds(gateway.pid) - before;
  const requests = result.requests.total;
  if (result.non2xx > 0 || result.errors > 0) throw new Error(`${result.non2xx} non-2xx answers and ${result.errors} errors`);
  return { requests, perSecond: requests / seconds, cpuPerRequest: cpu / requests, p50: result.latency.p50, p99: result.latency.p99 };
}

const messages = [{ role: 'user', content: 'Say hello.' }];
const WORKLOADS = [
  { name: 'JSON', body: { model: 'openai/gpt-4o-mini', messages } },
  { name: 'stream', body: { model: 'openai/gpt-4o-mini', messages, stream: true } },
];

const upstream = await startUpstream();
const sink = await startSink();
const provider = { OPENAI_API_URL: `http://127.0.0.1:${upstream.port}/v1`, OPENAI_API_KEY: 'sk-bench' };
const CONFIGURATIONS = [
  { name: 'telemetry off, LOG_LEVEL=info', env: {} },
  { name: 'metrics on', env: { TELEMETRY_ENABLED: 'true', TELEMETRY_METRICS_HOST: '127.0.0.1', TELEMETRY_METRICS_PORT: '0' } },
  {
    name: 'metrics and tracing on',
    env: {
      TELEMETRY_ENABLED: 'true',
      TELEMETRY_METRICS_HOST: '127.0.0.1',
      TELEMETRY_METRICS_PORT: '0',
      TELEMETRY_TRACING_ENABLED: 'true',
      TELEMETRY_TRACING_OTLP_ENDPOINT: `http://127.0.0.1:${sink.port}`,
    },
  },
  { name: 'telemetry off, LOG_LEVEL=silent', env: { LOG_LEVEL: 'silent' } },
];

const gateways = [];
for (const configuration of CONFIGURATIONS) gateways.push(await startGateway({ ...provider, ...configuration.env }));
const results = new Map();
try {
  for (const workload of WORKLOADS) {
    for (const gateway of gateways) await drive(gateway, workload.body, 2); // warm-up: JIT, connection pools
  }
  for (let round = 1; round <= ROUNDS; round++) {
    for (const workload of WORKLOADS) {
      for (const [index, configuration] of CONFIGURATIONS.entries()) {
        const result = await drive(gateways[index], workload.body, SECONDS);
        const key = `${workload.name}|${configuration.name}`;
        results.set(key, [...(results.get(key) ?? []), result]);
        console.error(
          `round ${round} ${workload.name.padEnd(6)} ${configuration.name.padEnd(32)} ${result.perSecond.toFixed(0)} req/s, ${result.cpuPerRequest.toFixed(0)} µs CPU/request`,
        );
      }
    }
  }
} finally {
  for (const gateway of gateways) gateway.child.kill('SIGKILL');
  await Promise.all([upstream.close(), sink.close()]);
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
console.log(`\n${ROUNDS} rounds of ${SECONDS} s at ${RATE} requests/s over ${CONNECTIONS} connections, medians; node ${process.version}\n`);
console.log('| workload | configuration | req/s | gateway CPU µs/request | p50 ms | p99 ms |');
console.log('| --- | --- | ---: | ---: | ---: | ---: |');
for (const workload of WORKLOADS) {
  for (const configuration of CONFIGURATIONS) {
    const runs = results.get(`${workload.name}|${configuration.name}`);
    const cells = [
      median(runs.map((run) => run.perSecond)).toFixed(0),
      median(runs.map((run) => run.cpuPerRequest)).toFixed(0),
      median(runs.map((run) => run.p50)).toFixed(1),
      median(runs.map((run) => run.p99)).toFixed(1),
    ];
    console.log(`| ${workload.name} | ${configuration.name} | ${cells.join(' | ')} |`);
  }
}
