// Loopback OpenAI-format upstream for the benchmark: instant answers, streams of 50 chunks.
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
const chunk = (delta, finish = null) =>
  `data: ${JSON.stringify({ id: 'chatcmpl-bench', object: 'chat.completion.chunk', created: 1760000000, model: 'bench-model', choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }] })}\n\n`;
const stream =
  chunk({ role: 'assistant', content: '' }) +
  Array.from({ length: CHUNKS - 2 }, (_, i) => chunk({ content: `token${i} ` })).join('') +
  chunk({}, 'stop') +
  'data: [DONE]\n\n';
const streamFrames = stream.split(/(?<=\n\n)/);

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
    if (!streaming) {
      response.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(completion) });
      return response.end(completion);
    }
    response.writeHead(200, { 'content-type': 'text/event-stream' });
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
