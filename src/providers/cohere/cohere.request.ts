import { InvalidRequestError } from '../../common/errors/gateway-error.js';
import { fieldPath, type HubRequest } from '../../hub/hub-request.js';
import { convertToCohereMessages } from './cohere.messages.js';
import type { CohereRequest, CohereTool } from './cohere.types.js';

export interface CohereRequestOptions {
  /** The model name Cohere knows. */
  model: string;
}

/** Cohere's `p` must lie in [0.01, 0.99]; a top-p spans [0, 1]. */
const P_RANGE = [0.01, 0.99] as const;
const K_MAX = 500;
const THINKING_BUDGETS: Record<string, number> = { minimal: 1024, low: 1024, medium: 4096, high: 16384, xhigh: 32768 };

/**
 * A hub request as a Cohere v2 chat request: top-p as `p`, top-k as `k`, stop as
 * `stop_sequences`, tool choice in capitals (a named tool keeps only that tool and requires a
 * call), strict tools as `strict_tools`, JSON answers as `json_object`. What Cohere has no place
 * for is left out; more than one choice is refused.
 */
export function toCohereRequest(request: HubRequest, options: CohereRequestOptions): CohereRequest {
  if (typeof request.choices === 'number' && request.choices > 1) {
    throw new InvalidRequestError('Cohere returns one choice per request; n must be 1.', {
      param: fieldPath(request, 'choices', 'n'),
      code: 'unsupported_parameter',
    });
  }
  const body: CohereRequest = { model: options.model, messages: convertToCohereMessages(request.messages) };
  if (request.stream) body.stream = true;
  if (typeof request.maxTokens === 'number') body.max_tokens = request.maxTokens;
  const stop = request.stop?.filter(Boolean);
  if (stop && stop.length > 0) body.stop_sequences = stop;
  if (typeof request.temperature === 'number') body.temperature = request.temperature;
  if (typeof request.topP === 'number') body.p = Math.min(P_RANGE[1], Math.max(P_RANGE[0], request.topP));
  if (typeof request.topK === 'number') body.k = Math.min(K_MAX, Math.max(0, Math.round(request.topK)));
  if (typeof request.seed === 'number') body.seed = request.seed;
  if (typeof request.frequencyPenalty === 'number') body.frequency_penalty = request.frequencyPenalty;
  if (typeof request.presencePenalty === 'number') body.presence_penalty = request.presencePenalty;
  if (request.logprobs === true) body.logprobs = true;
  applyTools(body, request);
  applyResponseFormat(body, request);
  const effort = request.reasoning?.effort;
  if (effort !== undefined)
    body.thinking = effort === 'none' ? { type: 'disabled' } : { type: 'enabled', token_budget: THINKING_BUDGETS[effort] ?? THINKING_BUDGETS.medium };
  else if (typeof request.reasoning?.budgetTokens === 'number') body.thinking = { type: 'enabled', token_budget: request.reasoning.budgetTokens };
  return body;
}

function applyTools(body: CohereRequest, request: HubRequest): void {
  if (!request.tools || request.tools.length === 0) return;
  let tools: CohereTool[] = request.tools.map((tool) => ({
    type: 'function',
    function: { name: tool.name, ...(tool.description ? { description: tool.description } : {}), ...(tool.parameters ? { parameters: tool.parameters } : {}) },
  }));
  const choice = request.toolChoice;
  if (choice?.type === 'none') body.tool_choice = 'NONE';
  else if (choice?.type === 'required') body.tool_choice = 'REQUIRED';
  else if (choice?.type === 'tool') {
    // Cohere has no named choice: keep only that tool and require a call.
    tools = tools.filter((tool) => tool.function.name === choice.name);
    if (tools.length === 0) {
      throw new InvalidRequestError(`tool_choice names a function that is not in tools: ${choice.name}.`, {
        param: fieldPath(request, 'toolChoice', 'tool_choice'),
        code: 'unknown_tool',
      });
    }
    body.tool_choice = 'REQUIRED';
  }
  body.tools = tools;
  if (request.tools.some((tool) => tool.strict === true)) body.strict_tools = true;
}

function applyResponseFormat(body: CohereRequest, request: HubRequest): void {
  const format = request.responseFormat;
  if (!format || format.type === 'text') return;
  if (body.tools) {
    throw new InvalidRequestError('Cohere cannot combine response_format with tools.', {
      param: fieldPath(request, 'responseFormat', 'response_format'),
      code: 'unsupported_parameter',
    });
  }
  body.response_format = format.type === 'json-schema' ? { type: 'json_object', json_schema: format.schema } : { type: 'json_object' };
}
