#!/usr/bin/env node
// What the MCP tool loop costs per iteration. Starts the built gateway (`npm run build` first)
// twice, with MCP off and on, in front of a loopback OpenAI-format upstream and a loopback MCP
// server (the SDK's, Streamable HTTP, one `echo` tool), and drives it with autocannon at a fixed
// request rate. The upstream's model calls `mcp_echo` as many times as the prompt's `loops:N`
// says, then answers; so a request of N loops makes N + 1 model calls and N tool calls. The
// figures are the gateway process's own CPU time per request (from /proc, Linux only) and the
// latency; the cost of one iteration is the slope between N = 0 and the largest N.
//
//   npm run bench:tool-loop     # BENCH_RATE=40 (requests/s) BENCH_SECONDS=5 BENCH_ROUNDS=3 BENCH_CONNECTIONS=8 BENCH_LOOPS=0,1,2,4
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { CallToolRequestSchema, ListToolsRequestSchema } from '@modelcontextprotocol/sdk/types.js';
import autocannon from 'autocannon';
import { existsSync, readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startGatewayProcess } from './gateway-process.mjs';

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..');
const RATE = Number(process.env.BENCH_RATE ?? 40);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 5);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 8);
const LOOPS = (process.env.BENCH_LOOPS ?? '0,1,2,4').split(',').map(Number);
const CLOCK_TICKS_PER_SECOND = 100; // Linux USER_HZ

if (!existsSync(join(ROOT, 'dist', 'main.js'))) {
  console.error('dist/main.js is missing: run `npm run build` first.');
  process.exit(1);
}

const USAGE = { prompt_tokens: 9, completion_tokens: 4, total_tokens: 13 };

/** An OpenAI-format model that calls `mcp_echo` until the conversation holds `loops:N` tool results, then answers. */
function startUpstream() {
  return listen(
    createServer((request, response) => {
      let raw = '';
      request.on('data', (piece) => (raw += piece));
      request.on('end', () => {
        const body = JSON.parse(raw);
        const wanted = Number(/loops:(\d+)/.exec(JSON.stringify(body.messages[0].content))?.[1] ?? 0);
        const done = body.messages.filter((message) => message.role === 'tool').length;
        const callsTool = done < wanted;
        const base = { id: 'chatcmpl-bench', created: 1760000000, model: body.model };
        const toolCall = { id: `call_${done}`, type: 'function', function: { name: 'mcp_echo', arguments: '{"text":"hello"}' } };
        if (body.stream !== true) {
          const message = callsTool ? { role: 'assistant', content: null, tool_calls: [toolCall] } : { role: 'assistant', content: 'Hello there!' };
          response.writeHead(200, { 'content-type': 'application/json' });
          response.end(
            JSON.stringify({
              ...base,
              object: 'chat.completion',
              choices: [{ index: 0, message, finish_reason: callsTool ? 'tool_calls' : 'stop' }],
              usage: USAGE,
            }),
          );
          return;
        }
        response.writeHead(200, { 'content-type': 'text/event-stream' });
        const chunk = (choices, extra = {}) => `data: ${JSON.stringify({ ...base, object: 'chat.completion.chunk', choices, ...extra })}\n\n`;
        let frames = chunk([{ index: 0, delta: { role: 'assistant', content: '' }, finish_reason: null }]);
        if (callsTool) {
          frames += chunk([{ index: 0, delta: { tool_calls: [{ index: 0, ...toolCall }] }, finish_reason: null }]);
        } else {
          for (const piece of ['Hel', 'lo ', 'the', 're!']) frames += chunk([{ index: 0, delta: { content: piece }, finish_reason: null }]);
        }
        frames += chunk([{ index: 0, delta: {}, finish_reason: callsTool ? 'tool_calls' : 'stop' }]);
        if (body.stream_options?.include_usage) frames += chunk([], { usage: USAGE });
        response.end(`${frames}data: [DONE]\n\n`);
      });
    }),
  );
}

/** An MCP server (the SDK's) with one tool, `echo`, stateless Streamable HTTP: a server and a transport per request. */
function startMcpServer() {
  return listen(
    createServer((request, response) => {
      if (request.method !== 'POST') {
        response.writeHead(405, { allow: 'POST' }).end();
        return;
      }
      let raw = '';
      request.on('data', (piece) => (raw += piece));
      request.on('end', async () => {
        const server = new Server({ name: 'bench-tools', version: '1.0.0' }, { capabilities: { tools: {} } });
        server.setRequestHandler(ListToolsRequestSchema, () => ({
          tools: [{ name: 'echo', description: 'Says the text back', inputSchema: { type: 'object', properties: { text: { type: 'string' } } } }],
        }));
        server.setRequestHandler(CallToolRequestSchema, (call) => ({ content: [{ type: 'text', text: String(call.params.arguments?.text ?? '') }] }));
        const transport = new StreamableHTTPServerTransport({ sessionIdGenerator: undefined, enableJsonResponse: true });
        response.on('close', () => void transport.close().then(() => server.close()));
        await server.connect(transport);
        await transport.handleRequest(request, response, JSON.parse(raw));
      });
    }),
  );
}

async function listen(server) {
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { port: server.address().port, close: () => new Promise((resolve) => server.close(resolve)) };
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
  return { perSecond: requests / seconds, cpuPerRequest: cpu / requests, p50: result.latency.p50, p99: result.latency.p99 };
}

async function waitForTools(gateway) {
  for (let attempt = 0; attempt < 100; attempt++) {
    const listing = await fetch(`${gateway.url}/v1/mcp/tools`).then((response) => response.json());
    if (listing.data.some((tool) => tool.name === 'mcp_echo')) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error('the gateway never listed mcp_echo');
}

const upstream = await startUpstream();
const mcp = await startMcpServer();
const provider = { OPENAI_API_URL: `http://127.0.0.1:${upstream.port}/v1`, OPENAI_API_KEY: 'sk-bench' };
const off = await startGatewayProcess({ env: provider, inheritEnv: false });
const on = await startGatewayProcess({
  env: { ...provider, MCP_ENABLED: 'true', MCP_EXPOSE: 'true', MCP_SERVERS: `bench=http://127.0.0.1:${mcp.port}/mcp` },
  inheritEnv: false,
});
await waitForTools(on);

const body = (loops, stream) => ({ model: 'openai/gpt-4o-mini', messages: [{ role: 'user', content: `Say hello. loops:${loops}` }], stream });
const CASES = [
  ...[false, true].map((stream) => ({ name: 'MCP off', loops: 0, stream, gateway: off })),
  ...[false, true].flatMap((stream) => LOOPS.map((loops) => ({ name: 'MCP on', loops, stream, gateway: on }))),
];
const results = new Map();
try {
  for (const item of CASES) await drive(item.gateway, body(item.loops, item.stream), 2); // warm-up: JIT, connection pools
  for (let round = 1; round <= ROUNDS; round++) {
    for (const item of CASES) {
      const result = await drive(item.gateway, body(item.loops, item.stream), SECONDS);
      const key = `${item.name}|${item.stream}|${item.loops}`;
      results.set(key, [...(results.get(key) ?? []), result]);
      console.error(
        `round ${round} ${item.stream ? 'stream' : 'JSON  '} ${item.name} loops=${item.loops}: ${result.cpuPerRequest.toFixed(0)} µs CPU/request, p50 ${result.p50} ms`,
      );
    }
  }
} finally {
  on.child.kill('SIGKILL');
  off.child.kill('SIGKILL');
  await Promise.all([upstream.close(), mcp.close()]);
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const figure = (item, field) => median(results.get(`${item.name}|${item.stream}|${item.loops}`).map((run) => run[field]));
console.log(`\n${ROUNDS} rounds of ${SECONDS} s at ${RATE} requests/s over ${CONNECTIONS} connections, medians; node ${process.version}\n`);
console.log('| mode | configuration | tool loops | model calls | gateway CPU µs/request | p50 ms | p99 ms |');
console.log('| --- | --- | ---: | ---: | ---: | ---: | ---: |');
for (const item of CASES) {
  const cells = [item.loops, item.loops + 1, figure(item, 'cpuPerRequest').toFixed(0), figure(item, 'p50').toFixed(1), figure(item, 'p99').toFixed(1)];
  console.log(`| ${item.stream ? 'stream' : 'JSON'} | ${item.name} | ${cells.join(' | ')} |`);
}
const most = Math.max(...LOOPS);
for (const stream of [false, true]) {
  const first = { name: 'MCP on', loops: 0, stream };
  const last = { name: 'MCP on', loops: most, stream };
  const cpu = (figure(last, 'cpuPerRequest') - figure(first, 'cpuPerRequest')) / most;
  const latency = (figure(last, 'p50') - figure(first, 'p50')) / most;
  console.log(
    `\n${stream ? 'stream' : 'JSON'}: one iteration (a tool call and a model call) adds ${cpu.toFixed(0)} µs of gateway CPU and ${latency.toFixed(1)} ms at p50`,
  );
}
