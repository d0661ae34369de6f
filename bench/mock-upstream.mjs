// Loopback upstream for the benchmark: instant answers, streams of 50 chunks, in OpenAI's format
// (`/v1/chat/completions`) and in Anthropic's (`/v1/messages`: 50 events, as Anthropic frames them).
// A user message containing `#slow:<ms>` spaces the chunks (for the many-idle-streams test).
import { createServer } from 'node:http';

const CHUNKS = 50;
const completion = JSON.stringify({
  id: 'chatcmpl-bench',
  object: 'chat.completion',
  created: 1760000000,
  model: 'bench-model',
  choices: [{ index: 0, message: { role: 'assistant', content: 'Hello! This is a benchmark answer.' }, logprobs: null, finish_reason: 'stop' }],
  usage: { prompt_tokens: 9, completion_tokens: 8, total_tokens: 17 },
});
const USAGE = { prompt_tokens: 9, completion_tokens: 48, total_tokens: 57 };
// As OpenAI streams: with `stream_options.include_usage`, `"usage": null` on every chunk and a last usage-only chunk.
const chunk = (delta, finish, withUsage) =>
  `data: ${JSON.stringify({ id: 'chatcmpl-bench', object: 'chat.completion.chunk', created: 1760000000, model: 'bench-model', choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }], ...(withUsage ? { usage: null } : {}) })}\n\n`;
const streamOf = (withUsage) =>
  chunk({ role: 'assistant', content: '' }, null, withUsage) +
  Array.from({ length: CHUNKS - 2 }, (_, i) => chunk({ content: `token${i} ` }, null, withUsage)).join('') +
  chunk({}, 'stop', withUsage) +
  (withUsage
    ? `data: ${JSON.stringify({ id: 'chatcmpl-bench', object: 'chat.completion.chunk', created: 1760000000, model: 'bench-model', choices: [], usage: USAGE })}\n\n`
    : '') +
  'data: [DONE]\n\n';
const streams = { plain: streamOf(false), withUsage: streamOf(true) };

const anthropicEvent = (data) => `event: ${data.type}\ndata: ${JSON.stringify(data)}\n\n`;
const anthropicMessage = JSON.stringify({
  id: 'msg_bench',
  type: 'message',
  role: 'assistant',
  model: 'bench-model',
  content: [{ type: 'text', text: 'Hello! This is a benchmark answer.' }],
  stop_reason: 'end_turn',
  stop_sequence: null,
  usage: { input_tokens: 9, output_tokens: 8, cache_creation_input_tokens: 0, cache_read_input_tokens: 0 },
});
const anthropicStream =
  anthropicEvent({
    type: 'message_start',
    message: {
      id: 'msg_bench',
      type: 'message',
      role: 'assistant',
      model: 'bench-model',
      content: [],
      stop_reason: null,
      stop_sequence: null,
      usage: { input_tokens: 9, output_tokens: 1 },
    },
  }) +
  anthropicEvent({ type: 'content_block_start', index: 0, content_block: { type: 'text', text: '' } }) +
  Array.from({ length: CHUNKS - 5 }, (_, i) =>
    anthropicEvent({ type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: `token${i} ` } }),
  ).join('') +
  anthropicEvent({ type: 'content_block_stop', index: 0 }) +
  anthropicEvent({ type: 'message_delta', delta: { stop_reason: 'end_turn', stop_sequence: null }, usage: { output_tokens: 45 } }) +
  anthropicEvent({ type: 'message_stop' });

const server = createServer((request, response) => {
  let body = '';
  request.setEncoding('utf8');
  request.on('data', (piece) => (body += piece));
  request.on('end', () => {
    if (request.method === 'GET') {
      response.writeHead(200, { 'content-type': 'application/json' });
      return response.end('{"object":"list","data":[{"id":"bench-model","object":"model","created":0,"owned_by":"bench"}]}');
    }
    const streaming = body.includes('"stream":true');
    if (request.url.startsWith('/v1/messages')) {
      response.writeHead(200, { 'content-type': streaming ? 'text/event-stream; charset=utf-8' : 'application/json' });
      return response.end(streaming ? anthropicStream : anthropicMessage);
    }
    if (!streaming) {
      response.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(completion) });
      return response.end(completion);
    }
    response.writeHead(200, { 'content-type': 'text/event-stream' });
    const stream = /"include_usage":\s*true/.test(body) ? streams.withUsage : streams.plain;
    const streamFrames = stream.split(/(?<=\n\n)/);
    const slow = /#slow:(\d+)/.exec(body);
    if (!slow) return response.end(stream);
    let i = 0;
    const timer = setInterval(() => {
      if (response.destroyed) return clearInterval(timer);
      response.write(streamFrames[i++]);
      if (i === streamFrames.length) {
        clearInterval(timer);
        response.end();
      }
    }, Number(slow[1]));
  });
});
server.keepAliveTimeout = 60_000;
server.listen(0, '127.0.0.1', () => process.send?.({ port: server.address().port }));
