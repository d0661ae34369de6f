import { InvalidRequestError } from '../../common/errors/gateway-error.js';
import type { ChatCompletionRequest } from '../../common/openai/chat-completion.types.js';
import { convertToCohereMessages } from './cohere.messages.js';
import type { CohereRequest, CohereTool } from './cohere.types.js';

export interface CohereRequestOptions {
  /** The model name Cohere knows. */
  model: string;
  stream: boolean;
}

/** Cohere's `p` must lie in [0.01, 0.99]; OpenAI's `top_p` spans [0, 1]. */
const P_RANGE = [0.01, 0.99] as const;
const K_MAX = 500;
const THINKING_BUDGETS: Record<string, number> = { minimal: 1024, low: 1024, medium: 4096, high: 16384, xhigh: 32768 };

/**
 * An OpenAI Chat Completions request as a Cohere v2 chat request: `top_p` as `p`, `top_k` as `k`,
 * `stop` as `stop_sequences`, `tool_choice` in capitals (a named function keeps only that tool and
 * requires a call), strict tools as `strict_tools`, JSON modes as `json_object`. Fields Cohere has
 * no equivalent for are dropped; `n` above 1 is refused.
 */
export function toCohereRequest(request: ChatCompletionRequest, options: CohereRequestOptions): CohereRequest {
  if (typeof request.n === 'number' && request.n > 1) {
    throw new InvalidRequestError('Cohere returns one choice per request; n must be 1.', { param: 'n', code: 'unsupported_parameter' });
  }
  const body: CohereRequest = { model: options.model, messages: convertToCohereMessages(request.messages) };
  if (options.stream) body.stream = true;
  const maxTokens = request.max_completion_tokens ?? request.max_tokens;
  if (typeof maxTokens === 'number') body.max_tokens = maxTokens;
  const stop = request.stop === undefined || request.stop === null ? [] : (Array.isArray(request.stop) ? request.stop : [request.stop]).filter(Boolean);
  if (stop.length > 0) body.stop_sequences = stop;
  if (typeof request.temperature === 'number') body.temperature = request.temperature;
  if (typeof request.top_p === 'number') body.p = Math.min(P_RANGE[1], Math.max(P_RANGE[0], request.top_p));
  if (typeof request.top_k === 'number') body.k = Math.min(K_MAX, Math.max(0, Math.round(request.top_k)));
  if (typeof request.seed === 'number') body.seed = request.seed;
  if (typeof request.frequency_penalty === 'number') body.frequency_penalty = request.frequency_penalty;
  if (typeof request.presence_penalty === 'number') body.presence_penalty = request.presence_penalty;
  if (request.logprobs === true) body.logprobs = true;
  applyTools(body, request);
  applyResponseFormat(body, request);
  if (typeof request.reasoning_effort === 'string') {
    body.thinking =
      request.reasoning_effort === 'none' ? { type: 'disabled' } : { type: 'enabled', token_budget: THINKING_BUDGETS[request.reasoning_effort] ?? THINKING_BUDGETS.medium };
  }
  return body;
}

function applyTools(body: CohereRequest, request: ChatCompletionRequest): void {
  if (request.tools === undefined || request.tools === null) return;
  if (!Array.isArray(request.tools)) throw new InvalidRequestError('tools must be an array.', { param: 'tools' });
  if (request.tools.length === 0) return;
  let strict = false;
  let tools: CohereTool[] = request.tools.map((tool, index) => {
    if (tool?.type !== 'function' || typeof tool.function?.name !== 'string') {
      throw new InvalidRequestError(`Tool type "${tool?.type}" cannot be sent to Cohere; only function tools can.`, {
        param: `tools[${index}].type`,
        code: 'unsupported_tool',
      });
    }
    const { name, description, parameters } = tool.function;
    if (tool.function.strict === true) strict = true;
    return {
      type: 'function',
      function: { name, ...(typeof description === 'string' && description ? { description } : {}), ...(parameters ? { parameters } : {}) },
    };
  });
  const choice = request.tool_choice;
  if (choice === 'none') body.tool_choice = 'NONE';
  else if (choice === 'required') body.tool_choice = 'REQUIRED';
  else if (choice && typeof choice === 'object' && choice.type === 'function') {
    // Cohere has no named choice: keep only that tool and require a call.
    const name = (choice as { function?: { name?: unknown } }).function?.name;
    tools = tools.filter((tool) => tool.function.name === name);
    if (tools.length === 0) {
      throw new InvalidRequestError(`tool_choice names a function that is not in tools: ${String(name)}.`, { param: 'tool_choice', code: 'unknown_tool' });
    }
    body.tool_choice = 'REQUIRED';
  } else if (choice !== undefined && choice !== null && choice !== 'auto') {
    throw new InvalidRequestError('tool_choice must be "auto", "none", "required" or a named function for Cohere.', {
      param: 'tool_choice',
      code: 'unsupported_tool_choice',
    });
  }
  body.tools = tools;
  if (strict) body.strict_tools = true;
}

function applyResponseFormat(body: CohereRequest, request: ChatCompletionRequest): void {
  const format = request.response_format;
  if (!format || format.type === 'text') return;
  if (format.type !== 'json_object' && format.type !== 'json_schema') {
    throw new InvalidRequestError(`response_format type "${format.type}" is not supported by Cohere.`, { param: 'response_format.type' });
  }
  if (body.tools) {
    throw new InvalidRequestError('Cohere cannot combine response_format with tools.', { param: 'response_format', code: 'unsupported_parameter' });
  }
  const schema = format.type === 'json_schema' ? format.json_schema?.schema : undefined;
  if (format.type === 'json_schema' && (!schema || typeof schema !== 'object')) {
    throw new InvalidRequestError('response_format json_schema needs json_schema.schema.', { param: 'response_format.json_schema.schema' });
  }
  body.response_format = schema ? { type: 'json_object', json_schema: schema } : { type: 'json_object' };
}
