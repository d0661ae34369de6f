import type { ServerResponse } from 'node:http';
import { anthropicRuleViolation } from './anthropic-rules.js';
import { ANTHROPIC_MODELS, anthropicErrorBody, anthropicMessageFor, anthropicStreamFor } from './anthropic-responses.js';
import { MOCK_KEY } from './mock-openai-upstream.js';
import { scenarioFromText, sendJson, startMockServer, streamCut, writeSse, type MockServer, type RecordedRequest } from './mock-server.js';

/** API versions the mock understands: the one the gateway pins, and the one the current official SDK sends. */
export const ANTHROPIC_VERSIONS = ['2023-06-01', '2026-10-21'];
const MODELS_PAGE_SIZE = 2;

export interface MockAnthropicUpstream extends MockServer {
  /** `ANTHROPIC_API_URL` for the gateway: `<origin>/v1`. */
  baseUrl: string;
}

type Json = Record<string, unknown>;

/** Scenario words are read from the text of the last user turn (string or text blocks). */
function lastUserText(body: Json): string {
  const messages = Array.isArray(body.messages) ? (body.messages as Json[]) : [];
  const lastUser = [...messages].reverse().find((message) => message.role === 'user');
  if (typeof lastUser?.content === 'string') return lastUser.content;
  return ((lastUser?.content as Json[] | undefined) ?? []).map((block) => (block.type === 'text' ? block.text : '')).join(' ');
}

/**
 * A loopback Anthropic: `POST /v1/messages` (JSON or SSE), `POST /v1/messages/count_tokens` and
 * `GET /v1/models` (paged), speaking
 * the Messages API wire format and enforcing its rules: the key, `anthropic-version`,
 * `max_tokens`, no system role, alternating roles starting with user, tool results first and
 * paired with the previous turn's tool uses, no empty text, no unknown fields. Errors use
 * Anthropic's envelope; `#error:429` adds `retry-after: 7`, `#error:529` is "overloaded".
 */
export async function startMockAnthropicUpstream(): Promise<MockAnthropicUpstream> {
  const fail = (response: ServerResponse, status: number, message: string, headers: Record<string, string> = {}) =>
    sendJson(response, status, anthropicErrorBody(status, message), { 'request-id': 'req_011CMockError', ...headers });

  const server = await startMockServer(
    async (record: RecordedRequest, response) => {
      const path = new URL(record.path, 'http://mock');
      const isMessages = record.method === 'POST' && path.pathname === '/v1/messages';
      const isCount = record.method === 'POST' && path.pathname === '/v1/messages/count_tokens';
      const isModels = record.method === 'GET' && path.pathname === '/v1/models';
      if (!isMessages && !isCount && !isModels) return false;
      response.setHeader('request-id', `req_011CMock${server.requests.length}`);
      // API keys go in `x-api-key`; the API also takes `Authorization: Bearer` (the current SDK sends that).
      if (record.headers['x-api-key'] !== MOCK_KEY && record.headers.authorization !== `Bearer ${MOCK_KEY}`) {
        fail(response, 401, 'invalid x-api-key');
        return true;
      }
      const version = record.headers['anthropic-version'];
      if (!version) {
        fail(response, 400, 'anthropic-version: header is required');
        return true;
      }
      if (!ANTHROPIC_VERSIONS.includes(String(version))) {
        fail(response, 400, `anthropic-version: invalid version ${String(version)}`);
        return true;
      }
      const betas = String(record.headers['anthropic-beta'] ?? '')
        .split(',')
        .map((beta) => beta.trim())
        .filter(Boolean);
      if (isModels) answerModels(path.searchParams, response, fail);
      else if (isCount) answerCount(record.body, betas, response, fail);
      else await answerMessages(record.body, betas, response, fail);
      return true;
    },
    (response) => fail(response, 404, 'Not found'),
  );
  return { ...server, baseUrl: `${server.origin}/v1` };
}

function answerModels(query: URLSearchParams, response: ServerResponse, fail: (response: ServerResponse, status: number, message: string) => void): void {
  const limit = Number(query.get('limit') ?? '20');
  if (!Number.isInteger(limit) || limit < 1 || limit > 1000) return fail(response, 400, 'limit: Input should be between 1 and 1000');
  const afterId = query.get('after_id');
  const start = afterId ? ANTHROPIC_MODELS.findIndex((model) => model.id === afterId) + 1 : 0;
  if (afterId && start === 0) return fail(response, 400, `after_id: unknown model ${afterId}`);
  const page = ANTHROPIC_MODELS.slice(start, start + Math.min(limit, MODELS_PAGE_SIZE));
  sendJson(response, 200, {
    data: page,
    has_more: start + page.length < ANTHROPIC_MODELS.length,
    first_id: page[0]?.id ?? null,
    last_id: page.at(-1)?.id ?? null,
  });
}

/** A count from the request's own size (one token per four characters of its JSON): the mock's stand-in for Anthropic's tokenizer. */
export function mockTokenCount(body: Json): number {
  return Math.ceil(JSON.stringify({ ...body, model: undefined }).length / 4);
}

function answerCount(
  body: Json | undefined,
  betas: string[],
  response: ServerResponse,
  fail: (response: ServerResponse, status: number, message: string) => void,
): void {
  const violation = anthropicRuleViolation(body, betas, true);
  if (violation) return fail(response, 400, violation);
  const request = body as Json;
  if (!ANTHROPIC_MODELS.some((model) => model.id === request.model)) return fail(response, 404, `model: ${String(request.model)}`);
  sendJson(response, 200, { input_tokens: mockTokenCount(request) }, { 'request-id': 'req_011CMockCount' });
}

async function answerMessages(
  body: Json | undefined,
  betas: string[],
  response: ServerResponse,
  fail: (response: ServerResponse, status: number, message: string, headers?: Record<string, string>) => void,
): Promise<void> {
  const violation = anthropicRuleViolation(body, betas);
  if (violation) return fail(response, 400, violation);
  const request = body as Json;
  if (!ANTHROPIC_MODELS.some((model) => model.id === request.model)) return fail(response, 404, `model: ${String(request.model)}`);
  const scenario = scenarioFromText(lastUserText(request));
  if (scenario.errorStatus) {
    const headers: Record<string, string> = scenario.errorStatus === 429 ? { 'retry-after': '7' } : scenario.errorStatus === 529 ? { 'retry-after': '2' } : {};
    return fail(response, scenario.errorStatus, scenario.errorStatus === 529 ? 'Overloaded' : `Mock failure ${scenario.errorStatus}`, headers);
  }
  if (scenario.has('hang')) return;
  if (request.stream !== true) {
    if (scenario.slowMs) await new Promise((resolve) => setTimeout(resolve, scenario.slowMs));
    if (!response.destroyed) sendJson(response, 200, anthropicMessageFor(request, scenario));
    return;
  }
  await writeSse(response, anthropicStreamFor(request, scenario), { slowMs: scenario.slowMs, ...streamCut(scenario, 4) });
}
