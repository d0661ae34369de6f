// Closed-loop load generator: `connections` workers each send requests back to back over
// keep-alive connections for `seconds`, timing each one with a monotonic clock (microseconds).
// Prints one JSON line: requests, errors, requests/s, p50/p99 latency.
import { Pool } from 'undici';

const [url, connectionsArg, secondsArg, mode] = process.argv.slice(2);
const connections = Number(connectionsArg);
const seconds = Number(secondsArg);
const target = new URL(url);
const pool = new Pool(target.origin, { connections, keepAliveTimeout: 60_000, pipelining: 1 });
// `messages-json` and `messages-stream` send Anthropic Messages requests (to `/v1/messages`).
const messages = mode.startsWith('messages-');
const json = mode === 'json' || mode === 'messages-json';
const body = JSON.stringify({
  model: messages ? (process.env.BENCH_MESSAGES_MODEL ?? 'anthropic/bench-model') : (process.env.BENCH_MODEL ?? 'openai/bench-model'),
  ...(messages ? { max_tokens: 256 } : {}),
  messages: [{ role: 'user', content: mode === 'slow-stream' ? 'Hello #slow:100' : 'Hello' }],
  ...(json ? {} : { stream: true }),
});
// BENCH_API_KEY: the key of the gateway's access file, for targets with access control.
const headers = {
  'content-type': 'application/json',
  ...(messages ? { 'anthropic-version': '2023-06-01' } : {}),
  ...(process.env.BENCH_API_KEY ? { authorization: `Bearer ${process.env.BENCH_API_KEY}` } : {}),
};
const complete = (text) => {
  if (messages) return json ? text.includes('"content"') : text.endsWith('event: message_stop\ndata: {"type":"message_stop"}\n\n');
  return json ? text.includes('"choices"') : text.endsWith('data: [DONE]\n\n');
};

const latencies = [];
let errors = 0;
// Slow streams: every worker sends exactly one request, all at once. Otherwise: 0.5 s warm-up, then timed runs.
const once = mode === 'slow-stream';
const warmupEnds = once ? performance.now() : performance.now() + 500;
const ends = warmupEnds + seconds * 1000;

async function worker() {
  for (let sent = 0; once ? sent < 1 : performance.now() < ends; sent++) {
    const started = performance.now();
    try {
      const response = await pool.request({ path: target.pathname, method: 'POST', headers, body });
      const text = await response.body.text();
      const ok = response.statusCode === 200 && complete(text);
      if (!ok) errors++;
      else if (started >= warmupEnds) latencies.push(performance.now() - started);
    } catch {
      errors++;
    }
  }
}

await Promise.all(Array.from({ length: connections }, worker));
await pool.close();
latencies.sort((a, b) => a - b);
const at = (q) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? NaN;
console.log(JSON.stringify({ requests: latencies.length, errors, rps: latencies.length / seconds, p50Ms: at(0.5), p99Ms: at(0.99) }));
