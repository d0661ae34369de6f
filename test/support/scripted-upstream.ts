import type { ServerResponse } from 'node:http';
import { createServer, type AddressInfo, type Server } from 'node:net';
import { delay, sendJson, sseFrame, startMockServer, type RecordedRequest } from './mock-server.js';

/** What a scripted upstream does with one chat request. */
export type Outcome =
  /** Answers (JSON or a stream of three content chunks), after `delayMs` when set. */
  | { kind: 'ok'; delayMs?: number }
  /** An OpenAI-shaped error with this status (and headers, e.g. `retry-after`). */
  | { kind: 'error'; status: number; headers?: Record<string, string> }
  /** Cuts the connection before answering. */
  | { kind: 'reset' }
  /** Never answers. */
  | { kind: 'hang' }
  /** Streams: sends the first chunk, then cuts the connection. */
  | { kind: 'break-after-first-chunk' };

export const ok: Outcome = { kind: 'ok' };
export const fail = (status: number, headers?: Record<string, string>): Outcome => ({ kind: 'error', status, headers });

export interface ScriptedUpstream {
  name: string;
  /** The base URL to give as `api_url` (`http://127.0.0.1:<port>/v1`). */
  baseUrl: string;
  /** Every chat request it received. */
  requests: RecordedRequest[];
  /** Outcomes for the next requests, in order; once used up, `otherwise` decides. */
  script(...outcomes: Outcome[]): void;
  otherwise(decide: (request: RecordedRequest) => Outcome): void;
  /** The bearer keys of the chat requests, in order. */
  keys(): string[];
  close(): Promise<void>;
}

/**
 * An OpenAI-format upstream whose answers a test scripts, one outcome per request (success, an
 * error status with headers, a reset connection, a hang, a stream that breaks after its first
 * chunk). Every answer says which upstream gave it (`Hello from <name>`), so a test sees where a
 * request went; every request is recorded with the key it carried.
 */
export async function startScriptedUpstream(name: string): Promise<ScriptedUpstream> {
  const queue: Outcome[] = [];
  let decide: (request: RecordedRequest) => Outcome = () => ok;
  const requests: RecordedRequest[] = [];
  const server = await startMockServer(
    async (record, response) => {
      if (record.method !== 'POST' || record.path !== '/v1/chat/completions' || !record.body) return false;
      requests.push(record);
      await answer(name, queue.shift() ?? decide(record), record.body, response);
      return true;
    },
    (response) => sendJson(response, 404, { error: { message: 'No such route', type: 'invalid_request_error' } }),
  );
  return {
    name,
    baseUrl: `${server.origin}/v1`,
    requests,
    script: (...outcomes) => queue.push(...outcomes),
    otherwise: (next) => (decide = next),
    keys: () => requests.map((request) => (request.headers.authorization ?? '').replace(/^Bearer /, '')),
    close: server.close,
  };
}

async function answer(name: string, outcome: Outcome, body: Record<string, unknown>, response: ServerResponse): Promise<void> {
  const model = String(body.model);
  switch (outcome.kind) {
    case 'hang':
      return;
    case 'reset':
      response.socket?.destroy();
      return;
    case 'error':
      sendJson(response, outcome.status, { error: { message: `Scripted failure ${outcome.status}`, type: 'api_error', code: null } }, outcome.headers);
      return;
    case 'ok':
      if (outcome.delayMs) await delay(outcome.delayMs);
      break;
    case 'break-after-first-chunk':
      break;
  }
  if (response.destroyed) return;
  const text = `Hello from ${name}`;
  if (body.stream !== true) {
    sendJson(response, 200, {
      id: `chatcmpl-${name}`,
      object: 'chat.completion',
      created: 1_700_000_000,
      model,
      choices: [{ index: 0, message: { role: 'assistant', content: text }, finish_reason: 'stop' }],
      usage: { prompt_tokens: 5, completion_tokens: 4, total_tokens: 9 },
    });
    return;
  }
  const chunk = (delta: Record<string, unknown>, finish: string | null = null) =>
    sseFrame(undefined, {
      id: `chatcmpl-${name}`,
      object: 'chat.completion.chunk',
      created: 1_700_000_000,
      model,
      choices: [{ index: 0, delta, finish_reason: finish }],
    });
  response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  response.write(chunk({ role: 'assistant', content: 'Hello' }));
  if (outcome.kind === 'break-after-first-chunk') {
    await delay(30); // the first chunk reaches the gateway, then the connection breaks
    response.socket?.destroy();
    return;
  }
  response.write(chunk({ content: ` from ${name}` }));
  response.write(chunk({}, 'stop'));
  response.write(
    sseFrame(undefined, {
      id: `chatcmpl-${name}`,
      object: 'chat.completion.chunk',
      created: 1_700_000_000,
      model,
      choices: [],
      usage: { prompt_tokens: 5, completion_tokens: 4, total_tokens: 9 },
    }),
  );
  response.end('data: [DONE]\n\n');
}

/** A listener (on a port the OS gives) that accepts every connection and closes it at once: a deployment that is down. */
export async function startRefusingServer(): Promise<{ baseUrl: string; connections: () => number; close(): Promise<void> }> {
  let connections = 0;
  const server: Server = createServer((socket) => {
    connections++;
    socket.destroy();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    connections: () => connections,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
