import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { BASE_PATHS, CHAT_PATHS, CLOUDFLARE_SEARCH_PAGES, MODEL_LISTS, errorBody, knownModels, type Flavour } from './openai-flavours.js';
import { completionFor, streamEventsFor, type Scenario } from './openai-responses.js';

export const MOCK_KEY = 'sk-mock-upstream-key-7f3a9c';

export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingMessage['headers'];
  body: Record<string, unknown> | undefined;
  /** Set when the gateway closed the connection before the mock finished answering. */
  aborted: boolean;
}

export interface MockUpstream {
  flavour: Flavour;
  /** The base URL to configure as `<PROVIDER>_API_URL`. */
  baseUrl: string;
  requests: RecordedRequest[];
  /** Requests the mock did not expect (wrong path or method): a test should see none. */
  unexpected: RecordedRequest[];
  close(): Promise<void>;
}

/** Reads the scenario from the last user message: `#tools`, `#error:429`, `#truncate`, `#slow:50`, ... */
export function scenarioOf(body: Record<string, unknown>): Scenario {
  const messages = Array.isArray(body.messages) ? (body.messages as Array<{ role: string; content: unknown }>) : [];
  const lastUser = [...messages].reverse().find((message) => message.role === 'user');
  const text = typeof lastUser?.content === 'string' ? lastUser.content : JSON.stringify(lastUser?.content ?? '');
  const error = /#error:(\d{3})/.exec(text);
  const slow = /#slow:(\d+)/.exec(text);
  const long = /#long:(\d+)/.exec(text);
  return {
    tools: text.includes('#tools'),
    errorStatus: error ? Number(error[1]) : undefined,
    truncate: text.includes('#truncate'),
    midStreamError: text.includes('#midstream-error'),
    hang: text.includes('#hang'),
    slowMs: slow ? Number(slow[1]) : 0,
    chunks: long ? Number(long[1]) : 0,
  };
}

/**
 * A loopback upstream that speaks one OpenAI-format provider's wire format and enforces its rules
 * (authentication, rejected fields, Mistral's tool-call ids, known models). Every request is
 * recorded so tests can assert what the gateway sent.
 */
export async function startMockOpenAiUpstream(flavour: Flavour): Promise<MockUpstream> {
  const base = BASE_PATHS[flavour];
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
    };
    requests.push(record);
    response.on('close', () => {
      if (!response.writableFinished) record.aborted = true;
    });
    open.add(response);
    response.on('close', () => open.delete(response));

    const send = (status: number, body: unknown, headers: Record<string, string> = {}) => {
      response.writeHead(status, { 'content-type': 'application/json', ...headers });
      response.end(JSON.stringify(body));
    };
    const fail = (status: number, message: string, headers: Record<string, string> = {}) =>
      send(status, errorBody(flavour, status, message), headers);

    if (flavour !== 'ollama' && request.headers.authorization !== `Bearer ${MOCK_KEY}`) {
      return fail(401, 'Invalid API key provided.');
    }
    const path = record.path;
    if (request.method === 'GET' && flavour === 'cloudflare' && path.startsWith(`${base}/models/search?`)) {
      const page = Number(new URL(path, 'http://mock').searchParams.get('page') ?? '1');
      return send(200, {
        success: true,
        errors: [],
        messages: [],
        result: CLOUDFLARE_SEARCH_PAGES[page - 1] ?? [],
        result_info: { page, per_page: 1, count: 1, total_count: CLOUDFLARE_SEARCH_PAGES.length },
      });
    }
    if (request.method === 'GET' && flavour !== 'cloudflare' && path === `${base}/models`) {
      return send(200, MODEL_LISTS[flavour]);
    }
    if (request.method === 'POST' && path === base + CHAT_PATHS[flavour] && record.body) {
      return answerChat(flavour, record.body, response, fail);
    }
    unexpected.push(record);
    fail(404, `No route ${request.method} ${path}`);
  });

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    flavour,
    baseUrl: `http://127.0.0.1:${port}${base}`,
    requests,
    unexpected,
    close: async () => {
      for (const response of open) response.destroy();
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

async function answerChat(
  flavour: Flavour,
  body: Record<string, unknown>,
  response: ServerResponse,
  fail: (status: number, message: string, headers?: Record<string, string>) => void,
): Promise<void> {
  const violation = ruleViolation(flavour, body);
  if (violation) return fail(violation.status, violation.message);
  const scenario = scenarioOf(body);
  if (scenario.errorStatus) {
    return fail(scenario.errorStatus, `Mock failure ${scenario.errorStatus}`, scenario.errorStatus === 429 ? { 'retry-after': '7' } : {});
  }
  if (scenario.hang) return; // never answers
  if (body.stream !== true) {
    if (scenario.slowMs) await delay(scenario.slowMs);
    if (response.destroyed) return;
    response.writeHead(200, { 'content-type': 'application/json' });
    response.end(JSON.stringify(completionFor(flavour, body, scenario)));
    return;
  }
  response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
  if (flavour === 'deepseek') response.write(': keep-alive\n\n');
  const events = streamEventsFor(flavour, body, scenario);
  for (const [i, event] of events.entries()) {
    if (scenario.slowMs) await delay(scenario.slowMs);
    if (response.destroyed) return;
    if (scenario.truncate && i === 2) {
      await delay(30); // let the events already written reach the gateway, then cut the connection
      response.socket?.destroy();
      return;
    }
    response.write(event);
  }
  response.end();
}

/** The provider's own request rules: what it would reject. */
function ruleViolation(flavour: Flavour, body: Record<string, unknown>): { status: number; message: string } | undefined {
  const model = String(body.model ?? '');
  if (!knownModels(flavour).includes(model)) return { status: 404, message: `The model \`${model}\` does not exist.` };
  const messages = (Array.isArray(body.messages) ? body.messages : []) as Array<Record<string, unknown>>;
  if (flavour === 'groq') {
    for (const field of ['logprobs', 'logit_bias', 'top_logprobs']) {
      if (field in body) return { status: 400, message: `\`${field}\` is not supported` };
    }
    if (messages.some((message) => 'name' in message)) return { status: 400, message: "'messages.0' : for 'role:user' the following must be satisfied[('messages.0.name' : property 'name' is unsupported)]" };
  }
  if (flavour === 'mistral') {
    for (const field of ['seed', 'stream_options', 'max_completion_tokens']) {
      if (field in body) return { status: 422, message: `Extra inputs are not permitted: ${field}` };
    }
    for (const message of messages) {
      const ids = [
        ...(Array.isArray(message.tool_calls) ? (message.tool_calls as Array<{ id: string }>).map((call) => call.id) : []),
        ...(typeof message.tool_call_id === 'string' ? [message.tool_call_id] : []),
      ];
      const bad = ids.find((id) => !/^[a-zA-Z0-9]{9}$/.test(id));
      if (bad) return { status: 400, message: `Tool call id was ${bad} but must be a-z, A-Z, 0-9, with a length of 9.` };
    }
  }
  if (['ollama', 'ollama_cloud', 'deepseek', 'cloudflare', 'google', 'mistral'].includes(flavour) && 'max_completion_tokens' in body) {
    return { status: 400, message: 'max_completion_tokens is not supported by this provider; use max_tokens' };
  }
  return undefined;
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

const delay = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
