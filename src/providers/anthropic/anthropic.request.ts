import { InvalidRequestError } from '../../common/errors/gateway-error.js';
import type { ChatCompletionRequest } from '../../common/openai/chat-completion.types.js';
import { convertToAnthropicMessages } from './anthropic.messages.js';
import { toAnthropicToolChoice, toAnthropicTools } from './anthropic.tools.js';
import type { AnthropicRequest, AnthropicThinking } from './anthropic.types.js';

export interface AnthropicRequestOptions {
  /** The model name Anthropic knows. */
  model: string;
  /** `max_tokens` when the client sets neither `max_completion_tokens` nor `max_tokens` (Anthropic requires it). */
  defaultMaxTokens: number;
  stream: boolean;
}

/** Appended to `system` for `response_format: json_object`, which Anthropic has no switch for. */
export const JSON_OBJECT_INSTRUCTION = 'Respond only with a single JSON object, without any text around it.';

/** Thinking budgets for OpenAI's `reasoning_effort` (Anthropic's minimum budget is 1024 tokens). */
const THINKING_BUDGETS: Record<string, number> = { minimal: 1024, low: 1024, medium: 4096, high: 16384, xhigh: 32768 };
const MINIMUM_THINKING_BUDGET = 1024;

/**
 * An OpenAI Chat Completions request as an Anthropic Messages request. Fields without an Anthropic
 * equivalent (`logprobs`, `logit_bias`, penalties, `seed`, ...) are dropped, because Anthropic
 * rejects unknown fields; `n` above 1 is refused.
 */
export function toAnthropicRequest(request: ChatCompletionRequest, options: AnthropicRequestOptions): AnthropicRequest {
  if (typeof request.n === 'number' && request.n > 1) {
    throw new InvalidRequestError('Anthropic returns one choice per request; n must be 1.', { param: 'n', code: 'unsupported_parameter' });
  }
  const prompt = convertToAnthropicMessages(request.messages);
  const tools = toAnthropicTools(request.tools);
  const toolChoice = toAnthropicToolChoice(request, tools);
  const explicitMaxTokens = request.max_completion_tokens ?? request.max_tokens ?? undefined;

  const body: AnthropicRequest = {
    model: options.model,
    max_tokens: explicitMaxTokens ?? options.defaultMaxTokens,
    messages: prompt.messages,
  };
  const system = withJsonInstruction(prompt.system, request);
  if (system) body.system = system;
  const stop = toStopSequences(request.stop);
  if (stop) body.stop_sequences = stop;
  if (typeof request.temperature === 'number') body.temperature = Math.min(request.temperature, 1);
  if (typeof request.top_p === 'number') body.top_p = request.top_p;
  if (typeof request.top_k === 'number') body.top_k = request.top_k;
  if (options.stream) body.stream = true;
  if (tools) body.tools = tools;
  if (toolChoice) body.tool_choice = toolChoice;

  const schema = request.response_format?.type === 'json_schema' ? request.response_format.json_schema?.schema : undefined;
  if (request.response_format?.type === 'json_schema') {
    if (!schema || typeof schema !== 'object') {
      throw new InvalidRequestError('response_format json_schema needs json_schema.schema.', { param: 'response_format.json_schema.schema' });
    }
    body.output_config = { format: { type: 'json_schema', schema } };
  }

  const userId = typeof request.user === 'string' && request.user ? request.user : request.safety_identifier;
  if (typeof userId === 'string' && userId) body.metadata = { user_id: userId };

  applyThinking(body, request, explicitMaxTokens, options.defaultMaxTokens);
  return body;
}

function toStopSequences(stop: ChatCompletionRequest['stop']): string[] | undefined {
  if (stop === undefined || stop === null) return undefined;
  const sequences = (Array.isArray(stop) ? stop : [stop]).filter((sequence) => typeof sequence === 'string' && sequence.length > 0);
  return sequences.length > 0 ? sequences : undefined;
}

function withJsonInstruction(system: string | undefined, request: ChatCompletionRequest): string | undefined {
  if (request.response_format?.type !== 'json_object') return system;
  return system ? `${system}\n\n${JSON_OBJECT_INSTRUCTION}` : JSON_OBJECT_INSTRUCTION;
}

/**
 * `reasoning_effort` becomes extended thinking with a token budget below `max_tokens` (raised when
 * the client left it to the default). A `thinking` object in the request is passed as Anthropic
 * defines it. With thinking on, Anthropic accepts no sampling changes, so those are removed.
 */
function applyThinking(body: AnthropicRequest, request: ChatCompletionRequest, explicitMaxTokens: number | undefined, defaultMaxTokens: number): void {
  let thinking: AnthropicRequest['thinking'];
  if (request.thinking && typeof request.thinking === 'object') {
    thinking = request.thinking as AnthropicThinking;
  } else if (typeof request.reasoning_effort === 'string' && request.reasoning_effort !== 'none') {
    const wanted = THINKING_BUDGETS[request.reasoning_effort];
    if (!wanted) {
      throw new InvalidRequestError(`reasoning_effort must be one of none, ${Object.keys(THINKING_BUDGETS).join(', ')}.`, { param: 'reasoning_effort' });
    }
    if (explicitMaxTokens === undefined) {
      body.max_tokens = defaultMaxTokens + wanted;
      thinking = { type: 'enabled', budget_tokens: wanted };
    } else if (explicitMaxTokens <= MINIMUM_THINKING_BUDGET) {
      throw new InvalidRequestError(`With reasoning_effort, Anthropic needs max_tokens above ${MINIMUM_THINKING_BUDGET}.`, {
        param: request.max_completion_tokens !== undefined && request.max_completion_tokens !== null ? 'max_completion_tokens' : 'max_tokens',
      });
    } else {
      thinking = { type: 'enabled', budget_tokens: Math.min(wanted, explicitMaxTokens - 1) };
    }
  }
  if (!thinking || (thinking as { type?: unknown }).type === 'disabled') {
    if (thinking) body.thinking = thinking;
    return;
  }
  body.thinking = thinking;
  delete body.temperature;
  delete body.top_k;
  if (body.top_p !== undefined && body.top_p < 0.95) delete body.top_p;
}
