import type { ServerResponse } from 'node:http';
import { delay, sendJson, startMockServer, type RecordedRequest } from './mock-server.js';

export type { RecordedRequest };
import { BASE_PATHS, CHAT_PATHS, CLOUDFLARE_SEARCH_PAGES, KEYLESS_FLAVOURS, MODEL_LISTS, errorBody, knownModels, type Flavour } from './openai-flavours.js';
import { answerEmbeddings, EMBEDDING_PATHS, type EmbeddingFlavour } from './openai-embeddings.js';
import { completionFor, streamEventsFor, type Scenario } from './openai-responses.js';
import { createResponsesEndpoint } from './responses-api-mock.js';

export const MOCK_KEY = 'sk-mock-upstream-key-7f3a9c';

export interface MockUpstream {
  flavour: Flavour;
  /** The base URL to configure as `<PROVIDER>_API_URL`. */
  baseUrl: string;
  requests: RecordedRequest[];
  /** Requests the mock did not expect (wrong path or method): a test should see none. */
  unexpected: RecordedRequest[];
  /** The bodies OpenAI's `/responses` wrote, byte for byte (the `openai` flavour only serves it). */
  responsesWritten: string[];
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
  // A model that has just been given tool results answers them rather than calling the tools again.
  const answeringToolResults = messages.at(-1)?.role === 'tool';
  return {
    tools: text.includes('#tools') && !answeringToolResults,
    interleaved: text.includes('#interleaved'),
    reasoning: text.includes('#reasoning'),
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
 * recorded so tests can assert what the gateway sent. `keyless`: a server of one's own that takes
 * no key (a self-hosted NIM), whatever the flavour's hosted service asks.
 */
export async function startMockOpenAiUpstream(flavour: Flavour, options: { keyless?: boolean } = {}): Promise<MockUpstream> {
  const keyless = options.keyless ?? KEYLESS_FLAVOURS.includes(flavour);
  const base = BASE_PATHS[flavour];
  const fail = (response: ServerResponse, status: number, message: string, headers: Record<string, string> = {}) =>
    sendJson(response, status, errorBody(flavour, status, message), headers);

  const responses = createResponsesEndpoint();
  let answered = 0;
  const server = await startMockServer(
    async (record, response) => {
      answerHeaders(flavour, ++answered, response);
      if (!keyless && record.headers.authorization !== `Bearer ${MOCK_KEY}`) {
        fail(response, 401, 'Invalid API key provided.');
        return true;
      }
      const path = record.path;
      if (record.method === 'GET' && flavour === 'cloudflare' && path.startsWith(`${base}/models/search?`)) {
        const page = Number(new URL(path, 'http://mock').searchParams.get('page') ?? '1');
        sendJson(response, 200, {
          success: true,
          errors: [],
          messages: [],
          result: CLOUDFLARE_SEARCH_PAGES[page - 1] ?? [],
          result_info: { page, per_page: 1, count: 1, total_count: CLOUDFLARE_SEARCH_PAGES.length },
        });
        return true;
      }
      if (record.method === 'GET' && flavour !== 'cloudflare' && path === `${base}/models`) {
        sendJson(response, 200, MODEL_LISTS[flavour]);
        return true;
      }
      // Local servers' own APIs at their root: Ollama's model details, llama.cpp's server settings.
      if (record.method === 'POST' && flavour === 'ollama' && path === '/api/show') {
        const known = knownModels('ollama').includes(String(record.body?.model));
        if (known) sendJson(response, 200, OLLAMA_SHOW);
        else sendJson(response, 404, { error: `model '${String(record.body?.model)}' not found` });
        return true;
      }
      if (record.method === 'GET' && flavour === 'llamacpp' && path === '/props') {
        sendJson(response, 200, LLAMACPP_PROPS);
        return true;
      }
      if (record.method === 'POST' && flavour === 'openai' && path === `${base}/responses` && record.body) {
        await responses.answer(record.body, response);
        return true;
      }
      const embeddingsPath = EMBEDDING_PATHS[flavour];
      if (record.method === 'POST' && embeddingsPath && path === base + embeddingsPath && record.body) {
        answerEmbeddings(flavour as EmbeddingFlavour, record.body, response, (status, message) => fail(response, status, message));
        return true;
      }
      if (record.method === 'POST' && path === base + CHAT_PATHS[flavour] && record.body) {
        await answerChat(flavour, record.body, response, (status, message, headers) => fail(response, status, message, headers));
        return true;
      }
      return false;
    },
    (response) => fail(response, 404, 'No such route'),
  );
  return {
    flavour,
    baseUrl: server.origin + base,
    requests: server.requests,
    unexpected: server.unexpected,
    responsesWritten: responses.written,
    close: server.close,
  };
}

/** `POST /api/show` of a model whose Modelfile sets `num_ctx` (below the architecture's own context length). */
export const OLLAMA_SHOW = {
  modelfile: '# Modelfile generated by "ollama show"\nFROM llama3.2:latest\nPARAMETER num_ctx 8192\n',
  parameters: 'num_ctx                        8192\nstop                           "<|eot_id|>"',
  details: { format: 'gguf', family: 'llama', parameter_size: '3.2B', quantization_level: 'Q4_K_M' },
  model_info: { 'general.architecture': 'llama', 'llama.context_length': 131072, 'llama.embedding_length': 3072 },
  capabilities: ['completion', 'tools'],
};

/** llama-server's `GET /props`: the context size it was started with (`--ctx-size 4096`). */
export const LLAMACPP_PROPS = {
  default_generation_settings: { n_ctx: 4096, params: { temperature: 0.8, top_k: 40 } },
  total_slots: 1,
  model_path: '/models/gemma-3-1b-it-Q4_K_M.gguf',
  chat_template: '{{ bos_token }}',
  build_info: 'b6000-abcdef0',
};

/** The headers every answer of OpenAI and Groq carries: the request's id and the account's rate limits. */
function answerHeaders(flavour: Flavour, count: number, response: ServerResponse): void {
  if (flavour !== 'openai' && flavour !== 'groq') return;
  response.setHeader('x-request-id', `req_${flavour}_${count}`);
  response.setHeader('x-ratelimit-limit-requests', '10000');
  response.setHeader('x-ratelimit-remaining-requests', String(10000 - count));
  response.setHeader('x-ratelimit-reset-requests', '6ms');
  response.setHeader('x-ratelimit-limit-tokens', '30000000');
  response.setHeader('x-ratelimit-remaining-tokens', '29999980');
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
    if (messages.some((message) => 'name' in message))
      return { status: 400, message: "'messages.0' : for 'role:user' the following must be satisfied[('messages.0.name' : property 'name' is unsupported)]" };
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
  const temperature = body.temperature;
  if (flavour === 'minimax' && typeof temperature === 'number' && (temperature <= 0 || temperature > 1)) {
    return { status: 400, message: 'invalid params, temperature must be in (0, 1]' };
  }
  if (flavour === 'minimax' && typeof body.n === 'number' && body.n !== 1) return { status: 400, message: 'invalid params, n only supports 1' };
  if (flavour === 'moonshot' && typeof temperature === 'number' && (temperature < 0 || temperature > 1)) {
    return { status: 400, message: 'Invalid request: temperature must be between 0 and 1' };
  }
  if (['ollama', 'ollama_cloud', 'deepseek', 'cloudflare', 'google', 'mistral', 'llamacpp'].includes(flavour) && 'max_completion_tokens' in body) {
    return { status: 400, message: 'max_completion_tokens is not supported by this provider; use max_tokens' };
  }
  return undefined;
}
