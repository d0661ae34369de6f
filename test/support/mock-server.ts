import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  body: Record<string, unknown> | undefined;
  /** Set when the gateway closed the connection before the mock finished answering. */
  aborted: boolean;
  /** The status the mock answered with, and every byte of its body as it wrote them. */
  status?: number;
  sent: string;
}

/** Answers one recorded request; returns false when the route is unknown (the request is then unexpected). */
export type MockHandler = (record: RecordedRequest, response: ServerResponse) => Promise<boolean> | boolean;

export interface MockServer {
  /** `http://127.0.0.1:<port>` */
  origin: string;
  requests: RecordedRequest[];
  /** Requests to routes the mock does not serve: a test should see none. */
  unexpected: RecordedRequest[];
  close(): Promise<void>;
}

/**
 * A loopback HTTP server on a port chosen by the OS that records every request (method, path,
 * headers, JSON body, whether the caller went away early) before a provider mock answers it.
 */
export async function startMockServer(handle: MockHandler, notFound: (response: ServerResponse) => void): Promise<MockServer> {
  const requests: RecordedRequest[] = [];
  const unexpected: RecordedRequest[] = [];
  const open = new Set<ServerResponse>();

  const server: Server = createServer(async (request, response) => {
    const raw = await readBody(request);
    const record: RecordedRequest = {
      method: request.method ?? '',
      path: request.url ?? '',
      headers: request.headers,
      body: raw ? safeJson(raw) : undefined,
      aborted: false,
      sent: '',
    };
    requests.push(record);
    recordWrites(response, record);
    open.add(response);
    response.on('close', () => {
      if (!response.writableFinished) record.aborted = true;
      open.delete(response);
    });
    if (!(await handle(record, response))) {
      unexpected.push(record);
      notFound(response);
    }
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    requests,
    unexpected,
    close: async () => {
      for (const response of open) response.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Keeps what the mock writes, so tests can compare it with what a client got through the gateway. */
function recordWrites(response: ServerResponse, record: RecordedRequest): void {
  const write = response.write.bind(response) as (chunk: unknown, ...rest: unknown[]) => boolean;
  const end = response.end.bind(response) as (...args: unknown[]) => ServerResponse;
  const keep = (chunk: unknown) => {
    record.status = response.statusCode;
    if (typeof chunk === 'string') record.sent += chunk;
    else if (chunk instanceof Uint8Array) record.sent += Buffer.from(chunk).toString('utf8');
  };
  response.write = ((chunk: unknown, ...rest: unknown[]) => {
    keep(chunk);
    return write(chunk, ...rest);
  }) as ServerResponse['write'];
  response.end = ((...args: unknown[]) => {
    if (args.length > 0 && typeof args[0] !== 'function') keep(args[0]);
    return end(...args);
  }) as ServerResponse['end'];
}

export function sendJson(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  response.writeHead(status, { 'content-type': 'application/json', ...headers });
  response.end(JSON.stringify(body));
}

/**
 * Writes SSE frames one by one (with an optional pause). `truncateAfter` cuts the connection after
 * that many frames (a reset); `endAfter` ends the response cleanly there, before the final events.
 */
export async function writeSse(
  response: ServerResponse,
  frames: string[],
  options: { slowMs?: number; truncateAfter?: number; endAfter?: number } = {},
): Promise<void> {
  response.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-cache' });
  for (const [index, frame] of frames.entries()) {
    if (options.slowMs) await delay(options.slowMs);
    if (response.destroyed) return;
    if (options.truncateAfter !== undefined && index === options.truncateAfter) {
      await delay(20); // let the frames already written reach the client first
      response.socket?.destroy();
      return;
    }
    if (options.endAfter !== undefined && index === options.endAfter) break;
    response.write(frame);
  }
  response.end();
}

export const sseFrame = (event: string | undefined, data: unknown) =>
  `${event ? `event: ${event}\n` : ''}data: ${typeof data === 'string' ? data : JSON.stringify(data)}\n\n`;

export const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Scenario words in the last user turn's text: `#tools`, `#error:429`, `#truncate`, `#slow:50`, ... */
export interface MockScenario {
  text: string;
  has(word: string): boolean;
  errorStatus?: number;
  slowMs: number;
}

/** `#truncate` resets the connection after a few frames; `#incomplete` ends the body cleanly there. */
export function streamCut(scenario: MockScenario, afterFrames: number): { truncateAfter?: number; endAfter?: number } {
  if (scenario.has('truncate')) return { truncateAfter: afterFrames };
  if (scenario.has('incomplete')) return { endAfter: afterFrames };
  return {};
}

export function scenarioFromText(text: string): MockScenario {
  const error = /#error:(\d{3})/.exec(text);
  const slow = /#slow:(\d+)/.exec(text);
  return { text, has: (word) => text.includes(`#${word}`), errorStatus: error ? Number(error[1]) : undefined, slowMs: slow ? Number(slow[1]) : 0 };
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    let raw = '';
    request.setEncoding('utf8');
    request.on('data', (piece: string) => (raw += piece));
    request.on('end', () => resolve(raw));
    request.on('error', () => resolve(raw));
  });
}

function safeJson(raw: string): Record<string, unknown> | undefined {
  try {
    return JSON.parse(raw) as Record<string, unknown>;
  } catch {
    return undefined;
  }
}
