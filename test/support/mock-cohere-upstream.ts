import type { ServerResponse } from 'node:http';
import { cohereRuleViolation } from './cohere-rules.js';
import { COHERE_MODELS, cohereResponseFor, cohereStreamFor } from './cohere-responses.js';
import { cohereWireProblems } from './cohere-wire-schema.js';
import { embeddingFor, tokensFor } from './openai-embeddings.js';
import { MOCK_KEY } from './mock-openai-upstream.js';
import { scenarioFromText, sendJson, startMockServer, streamCut, writeSse, type MockServer, type RecordedRequest } from './mock-server.js';

const MODELS_PAGE_SIZE = 2;

export interface MockCohereUpstream extends MockServer {
  /** `COHERE_API_URL` for the gateway (the origin: chat is `/v2/chat`, models `/v1/models`). */
  baseUrl: string;
}

type Json = Record<string, unknown>;

/** Scenario words are read from the text of the last user message. */
function lastUserText(body: Json): string {
  const messages = Array.isArray(body.messages) ? (body.messages as Json[]) : [];
  const last = [...messages].reverse().find((message) => message.role === 'user');
  if (typeof last?.content === 'string') return last.content;
  return ((last?.content as Json[] | undefined) ?? []).map((part) => (part.type === 'text' ? part.text : '')).join(' ');
}

/**
 * A loopback Cohere: `POST /v2/chat` (JSON, or SSE when `stream` is true), `POST /v2/embed` and
 * `GET /v1/models?endpoint=chat` (paged by `page_token`), speaking the v2 wire format. Requests
 * must authenticate with the Bearer key and pass the official SDK's request schema (unknown keys
 * refused) and the conversation rules; errors are Cohere's flat `{"message": ...}`.
 * `#error:429` adds `retry-after: 7`.
 */
export async function startMockCohereUpstream(): Promise<MockCohereUpstream> {
  const fail = (response: ServerResponse, status: number, message: string, headers: Record<string, string> = {}) =>
    sendJson(response, status, { id: 'b8e1f0aa-0000-4000-8000-00000000e001', message }, headers);

  const server = await startMockServer(
    async (record: RecordedRequest, response) => {
      const url = new URL(record.path, 'http://mock');
      const isChat = record.method === 'POST' && url.pathname === '/v2/chat';
      const isEmbed = record.method === 'POST' && url.pathname === '/v2/embed';
      const isModels = record.method === 'GET' && url.pathname === '/v1/models';
      if (!isChat && !isModels && !isEmbed) return false;
      if (record.headers.authorization !== `Bearer ${MOCK_KEY}`) {
        fail(response, 401, 'invalid api token');
        return true;
      }
      if (isModels) answerModels(url.searchParams, response);
      else if (isEmbed) answerEmbed(record.body, response, fail);
      else await answerChat(record.body, response, fail);
      return true;
    },
    (response) => fail(response, 404, 'Not Found'),
  );
  return { ...server, baseUrl: server.origin };
}

function answerModels(query: URLSearchParams, response: ServerResponse): void {
  const endpoint = query.get('endpoint');
  const models = endpoint ? COHERE_MODELS.filter((model) => model.endpoints.includes(endpoint)) : COHERE_MODELS;
  const pageSize = Math.min(Number(query.get('page_size') ?? '20'), MODELS_PAGE_SIZE);
  const start = Number(query.get('page_token') ?? '0');
  const page = models.slice(start, start + pageSize);
  const next = start + page.length < models.length ? String(start + page.length) : null;
  sendJson(response, 200, { models: page, ...(next ? { next_page_token: next } : {}) });
}

async function answerChat(
  body: Json | undefined,
  response: ServerResponse,
  fail: (response: ServerResponse, status: number, message: string, headers?: Record<string, string>) => void,
): Promise<void> {
  const violation = cohereRuleViolation(body);
  if (violation) return fail(response, 400, violation);
  const request = body as Json;
  if (!COHERE_MODELS.some((model) => model.name === request.model && model.endpoints.includes('chat'))) {
    return fail(response, 404, `model '${String(request.model)}' not found, make sure the correct model ID was used and that you have access to the model.`);
  }
  // A model that has just been given tool results answers them rather than calling the tools again.
  const answeringToolResults = (request.messages as Json[]).at(-1)?.role === 'tool';
  const scenario = scenarioFromText(answeringToolResults ? lastUserText(request).replaceAll('#tools', '') : lastUserText(request));
  if (scenario.errorStatus) {
    return fail(response, scenario.errorStatus, `Mock failure ${scenario.errorStatus}`, scenario.errorStatus === 429 ? { 'retry-after': '7' } : {});
  }
  if (scenario.has('hang')) return;
  if (request.stream !== true) {
    if (scenario.slowMs) await new Promise((resolve) => setTimeout(resolve, scenario.slowMs));
    if (!response.destroyed) sendJson(response, 200, cohereResponseFor(request, scenario));
    return;
  }
  await writeSse(response, cohereStreamFor(request, scenario), { slowMs: scenario.slowMs, ...streamCut(scenario, 3) });
}

/**
 * `POST /v2/embed`: the official SDK's request schema (unknown keys refused, `input_type` required),
 * at most 96 texts, an embedding model; the answer is `embeddings_by_type` with the types asked for.
 */
function answerEmbed(body: Json | undefined, response: ServerResponse, fail: (response: ServerResponse, status: number, message: string) => void): void {
  const problems = cohereWireProblems('V2EmbedRequest', body ?? {});
  if (problems.length > 0) return fail(response, 400, `invalid request: ${problems.join('; ')}`);
  const request = body as Json;
  if (!COHERE_MODELS.some((model) => model.name === request.model && model.endpoints.includes('embed'))) {
    return fail(response, 404, `model '${String(request.model)}' not found, make sure the correct model ID was used and that you have access to the model.`);
  }
  const texts = request.texts as string[] | undefined;
  if (!texts || texts.length === 0 || texts.length > 96) return fail(response, 400, 'invalid request: texts must hold 1 to 96 texts');
  const types = (request.embedding_types as string[] | undefined) ?? ['float'];
  const dimensions = request.output_dimension as number | undefined;
  if (dimensions !== undefined && ![256, 512, 1024, 1536].includes(dimensions))
    return fail(response, 400, 'invalid request: output_dimension must be one of 256, 512, 1024, 1536');
  const embeddings = Object.fromEntries(types.map((type) => [type, texts.map((text) => embeddingFor(text, dimensions ?? 4))]));
  sendJson(response, 200, {
    id: 'e0ffee00-0000-4000-8000-000000000003',
    response_type: 'embeddings_by_type',
    embeddings,
    texts,
    meta: { api_version: { version: '2' }, billed_units: { input_tokens: tokensFor(texts) } },
  });
}
