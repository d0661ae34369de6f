import { createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';
import { gzipSync } from 'node:zlib';

/**
 * A hostile or broken provider, on a loopback port the OS picks, speaking raw TCP so it can also
 * break HTTP itself. The fault is named in the request: `#fault:<name>` anywhere in the body, or
 * a path `/v1/fault/<name>` (for GETs through /proxy). Every request is recorded.
 */
export interface FaultUpstream {
  /** `http://127.0.0.1:<port>/v1` */
  baseUrl: string;
  requests: Array<{ path: string; headers: string; body: string }>;
  close(): Promise<void>;
}

const CHUNK = (content: string) =>
  JSON.stringify({ id: 'c1', object: 'chat.completion.chunk', created: 1, model: 'm', choices: [{ index: 0, delta: { content }, finish_reason: null }] });
const COMPLETION = JSON.stringify({
  id: 'x',
  object: 'chat.completion',
  created: 1,
  model: 'm',
  choices: [{ index: 0, message: { role: 'assistant', content: 'fine' }, finish_reason: 'stop' }],
  usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 },
});

function head(status: string, headers: Record<string, string>, length?: number): string {
  const lines = [`HTTP/1.1 ${status}`, ...Object.entries(headers).map(([name, value]) => `${name}: ${value}`), 'connection: close'];
  if (length !== undefined) lines.push(`content-length: ${length}`);
  return `${lines.join('\r\n')}\r\n\r\n`;
}

function json(socket: Socket, status: string, body: string | Buffer, headers: Record<string, string> = {}): void {
  const bytes = typeof body === 'string' ? Buffer.from(body) : body;
  socket.end(Buffer.concat([Buffer.from(head(status, { 'content-type': 'application/json', ...headers }, bytes.length)), bytes]));
}

/** The dialect a request was sent in, by its path: its stream faults wrap garbage in that dialect's good events. */
type Flavour = 'chat' | 'anthropic' | 'responses';

const flavourOf = (path: string): Flavour => (path.includes('/messages') ? 'anthropic' : path.includes('/responses') ? 'responses' : 'chat');

/** One well-formed stream event with this text, in the flavour's framing. */
function goodEvent(flavour: Flavour, text: string): string {
  if (flavour === 'anthropic')
    return `event: content_block_delta\ndata: ${JSON.stringify({ type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text } })}\n\n`;
  if (flavour === 'responses') return `event: response.output_text.delta\ndata: ${JSON.stringify({ type: 'response.output_text.delta', delta: text })}\n\n`;
  return `data: ${CHUNK(text)}\n\n`;
}

/** A broken event: its `data:` lines as given, named as the flavour's text deltas are (so only its data is wrong). */
function badEvent(flavour: Flavour, dataLines: string): string {
  const name = flavour === 'anthropic' ? 'content_block_delta' : flavour === 'responses' ? 'response.output_text.delta' : undefined;
  return `${name ? `event: ${name}\n` : ''}${dataLines}\n\n`;
}

/** The first events of a stream in the flavour's framing (what opens the answer). */
function opening(flavour: Flavour): string {
  if (flavour === 'anthropic') {
    const message = {
      id: 'msg_1',
      type: 'message',
      role: 'assistant',
      model: 'm',
      content: [],
      stop_reason: null,
      usage: { input_tokens: 1, output_tokens: 0 },
    };
    return `event: message_start\ndata: ${JSON.stringify({ type: 'message_start', message })}\n\n${goodEvent(flavour, 'a')}`;
  }
  if (flavour === 'responses') {
    const response = { id: 'resp_1', object: 'response', created_at: 1, status: 'in_progress', model: 'm', output: [] };
    return `event: response.created\ndata: ${JSON.stringify({ type: 'response.created', sequence_number: 0, response })}\n\n${goodEvent(flavour, 'a')}`;
  }
  return goodEvent(flavour, 'a');
}

function sse(socket: Socket, events: string[]): void {
  socket.end(head('200 OK', { 'content-type': 'text/event-stream' }) + events.join(''));
}

/** What the provider does for each fault; `key` is the provider key it was sent (some providers quote it). */
function answer(fault: string, socket: Socket, key: string, flavour: Flavour): void {
  switch (fault) {
    case 'ok':
      return json(socket, '200 OK', COMPLETION);
    case 'null-body':
      return json(socket, '200 OK', 'null');
    case 'array-body':
      return json(socket, '200 OK', '[1,2,3]');
    case 'invalid-json':
      return json(socket, '200 OK', '{"id": "x", "choices": [');
    case 'html':
      return json(socket, '200 OK', '<html><body>Bad gateway</body></html>', { 'content-type': 'text/html' });
    case 'gzip-body':
      return json(socket, '200 OK', gzipSync(COMPLETION), { 'content-encoding': 'gzip' });
    case 'sse-on-json':
      return sse(socket, [`data: ${CHUNK('hi')}\n\n`, 'data: [DONE]\n\n']);
    case 'null-choice':
      return json(socket, '200 OK', JSON.stringify({ id: 'x', object: 'chat.completion', created: 1, model: 'm', choices: [null] }));
    case 'no-content':
      socket.end(head('204 No Content', {}));
      return;
    case 'huge-headers':
      socket.end(head('200 OK', { 'content-type': 'application/json', 'x-filler': 'a'.repeat(100 * 1024) }, 2) + '{}');
      return;
    case 'not-http':
      socket.end('SSH-2.0-OpenSSH_9.6\r\nProtocol mismatch.\n');
      return;
    case 'huge-json':
      return json(socket, '200 OK', `{"id":"x","pad":"${'a'.repeat(3 * 1024 * 1024)}","choices":[]}`);
    case 'key-in-fields':
      return json(
        socket,
        '401 Unauthorized',
        JSON.stringify({
          error: { message: `Incorrect API key provided: ${key}`, type: 'invalid_request_error', param: `api_key=${key}`, code: `invalid_api_key:${key}` },
        }),
        // Headers the gateway passes back on a routed answer (`x-upstream-request-id`, `x-ratelimit-*`) included.
        { 'x-echo-key': key, 'x-request-id': `req-${key}`, 'x-ratelimit-remaining-requests': key },
      );
    case 'key-at-cut':
      return json(socket, '400 Bad Request', JSON.stringify({ error: { message: `${'x'.repeat(480)} key ${key} tail`, type: 'invalid_request_error' } }));
    case 'key-gzip':
      return json(socket, '401 Unauthorized', gzipSync(JSON.stringify({ error: { message: `Incorrect API key provided: ${key}` } })), {
        'content-encoding': 'gzip',
      });
    case 'key-huge-error':
      return json(socket, '400 Bad Request', JSON.stringify({ error: { message: `${key} ${'y'.repeat(2 * 1024 * 1024)}` } }));
    case 'silent-after-headers':
      socket.write(head('200 OK', { 'content-type': 'application/json', 'transfer-encoding': 'chunked' }));
      return; // never a byte of body
    case 'trickle': {
      socket.write(head('200 OK', { 'content-type': 'application/json', 'transfer-encoding': 'chunked' }));
      const timer = setInterval(() => (socket.destroyed ? clearInterval(timer) : socket.write('1\r\n \r\n')), 300);
      socket.on('close', () => clearInterval(timer));
      return;
    }
    case 'garbage-not-json':
      return sse(socket, [opening(flavour), badEvent(flavour, 'data: not json'), goodEvent(flavour, 'b'), 'data: [DONE]\n\n']);
    case 'garbage-truncated':
      return sse(socket, [opening(flavour), badEvent(flavour, `data: ${CHUNK('b').slice(0, 40)}`), 'data: [DONE]\n\n']);
    case 'garbage-binary':
      socket.end(
        Buffer.concat([
          Buffer.from(head('200 OK', { 'content-type': 'text/event-stream' }) + opening(flavour) + badEvent(flavour, 'data: ').slice(0, -2)),
          Buffer.from([0xff, 0xfe, 0x00, 0x80]),
          Buffer.from('\n\ndata: [DONE]\n\n'),
        ]),
      );
      return;
    case 'garbage-empty':
      return sse(socket, [opening(flavour), badEvent(flavour, 'data:'), 'data: [DONE]\n\n']);
    case 'garbage-multiline':
      return sse(socket, [
        opening(flavour),
        badEvent(flavour, 'data: {"id":"c1","x":1}\ndata: event: error\ndata: [DONE]'),
        goodEvent(flavour, 'b'),
        'data: [DONE]\n\n',
      ]);
    case 'endless-line': {
      // One SSE line that never ends: 64 KiB after 64 KiB, as long as the gateway reads.
      socket.write(head('200 OK', { 'content-type': 'text/event-stream' }) + 'data: ');
      const piece = 'a'.repeat(64 * 1024);
      const pump = () => {
        while (!socket.destroyed && socket.write(piece));
        if (!socket.destroyed) socket.once('drain', pump);
      };
      pump();
      return;
    }
    case 'huge-event':
      return sse(socket, [opening(flavour), goodEvent(flavour, 'b'.repeat(2 * 1024 * 1024)), 'data: [DONE]\n\n']);
    default:
      return json(socket, '404 Not Found', JSON.stringify({ error: { message: `unknown fault ${fault}` } }));
  }
}

export async function startFaultUpstream(): Promise<FaultUpstream> {
  const requests: FaultUpstream['requests'] = [];
  const sockets = new Set<Socket>();
  const server: Server = createServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => undefined);
    let buffered = Buffer.alloc(0);
    const onData = (data: Buffer) => {
      buffered = Buffer.concat([buffered, data]);
      const end = buffered.indexOf('\r\n\r\n');
      if (end === -1) return;
      const headText = buffered.subarray(0, end).toString('latin1');
      const length = Number(/content-length:\s*(\d+)/i.exec(headText)?.[1] ?? 0);
      if (buffered.length < end + 4 + length) return;
      socket.off('data', onData);
      const body = buffered.subarray(end + 4, end + 4 + length).toString('utf8');
      const path = headText.split(' ')[1] ?? '';
      requests.push({ path, headers: headText, body });
      const fault = /#fault:([\w-]+)/.exec(body)?.[1] ?? /\/fault\/([\w-]+)/.exec(path)?.[1] ?? 'ok';
      const key = /authorization: Bearer (\S+)/i.exec(headText)?.[1] ?? /x-api-key: (\S+)/i.exec(headText)?.[1] ?? '';
      answer(fault, socket, key, flavourOf(path));
    };
    socket.on('data', onData);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    requests,
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
