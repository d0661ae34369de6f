import { InvalidRequestError } from '../../common/errors/gateway-error.js';
import { fieldPath, type HubRequest } from '../../hub/hub-request.js';
import { textBlock } from './anthropic.content.js';
import { convertToAnthropicMessages, type AnthropicPrompt } from './anthropic.messages.js';
import { toAnthropicToolChoice, toAnthropicTools } from './anthropic.tools.js';
import type { AnthropicRequest, AnthropicThinking } from './anthropic.types.js';

export interface AnthropicRequestOptions {
  /** The model name Anthropic knows. */
  model: string;
  /** `max_tokens` when the client set no limit (Anthropic requires one). */
  defaultMaxTokens: number;
}

/** Appended to `system` for a JSON-object answer, which Anthropic has no switch for. */
export const JSON_OBJECT_INSTRUCTION = 'Respond only with a single JSON object, without any text around it.';

/** Thinking budgets for a reasoning effort (Anthropic's minimum budget is 1024 tokens). */
const THINKING_BUDGETS: Record<string, number> = { minimal: 1024, low: 1024, medium: 4096, high: 16384, xhigh: 32768 };
const MINIMUM_THINKING_BUDGET = 1024;

/**
 * A hub request as an Anthropic Messages request. What Anthropic has no place for (penalties,
 * `seed`, logprobs, ...) is left out, because Anthropic rejects unknown fields; more than one
 * choice is refused. A `thinking` object among the Anthropic provider options is sent as it is.
 */
export function toAnthropicRequest(request: HubRequest, options: AnthropicRequestOptions): AnthropicRequest {
  if (typeof request.choices === 'number' && request.choices > 1) {
    throw new InvalidRequestError('Anthropic returns one choice per request; n must be 1.', {
      param: fieldPath(request, 'choices', 'n'),
      code: 'unsupported_parameter',
    });
  }
  const prompt = convertToAnthropicMessages(request.messages);
  const tools = toAnthropicTools(request);
  const toolChoice = toAnthropicToolChoice(request, tools);
  const body: AnthropicRequest = {
    model: options.model,
    max_tokens: request.maxTokens ?? options.defaultMaxTokens,
    messages: prompt.messages,
  };
  const system = withJsonInstruction(prompt.system, request);
  if (system) body.system = system;
  const stop = request.stop?.filter((sequence) => sequence.length > 0);
  if (stop && stop.length > 0) body.stop_sequences = stop;
  if (typeof request.temperature === 'number') body.temperature = Math.min(request.temperature, 1);
  if (typeof request.topP === 'number') body.top_p = request.topP;
  if (typeof request.topK === 'number') body.top_k = request.topK;
  if (request.stream) body.stream = true;
  if (tools) body.tools = tools;
  if (toolChoice) body.tool_choice = toolChoice;
  if (request.responseFormat?.type === 'json-schema') body.output_config = { format: { type: 'json_schema', schema: request.responseFormat.schema } };
  if (request.user) body.metadata = { user_id: request.user };
  applyThinking(body, request, options.defaultMaxTokens);
  return body;
}

function withJsonInstruction(system: AnthropicPrompt['system'], request: HubRequest): AnthropicPrompt['system'] {
  if (request.responseFormat?.type !== 'json') return system;
  if (Array.isArray(system)) return [...system, textBlock(JSON_OBJECT_INSTRUCTION)];
  return system ? `${system}\n\n${JSON_OBJECT_INSTRUCTION}` : JSON_OBJECT_INSTRUCTION;
}

/**
 * A reasoning effort becomes extended thinking with a token budget below `max_tokens` (raised when
 * the client left it to the default). With thinking on, Anthropic accepts no sampling changes, so
 * those are removed.
 */
function applyThinking(body: AnthropicRequest, request: HubRequest, defaultMaxTokens: number): void {
  const given = request.providerOptions.anthropic?.thinking;
  let thinking: AnthropicRequest['thinking'];
  if (given && typeof given === 'object') {
    thinking = given as AnthropicThinking;
  } else if (request.reasoning?.effort !== undefined && request.reasoning.effort !== 'none') {
    const wanted = THINKING_BUDGETS[request.reasoning.effort];
    if (!wanted) {
      throw new InvalidRequestError(`reasoning_effort must be one of none, ${Object.keys(THINKING_BUDGETS).join(', ')}.`, {
        param: fieldPath(request, 'reasoning', 'reasoning_effort'),
      });
    }
    thinking = budgetedThinking(body, request, wanted, defaultMaxTokens);
  } else if (typeof request.reasoning?.budgetTokens === 'number') {
    thinking = budgetedThinking(body, request, request.reasoning.budgetTokens, defaultMaxTokens);
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

function budgetedThinking(body: AnthropicRequest, request: HubRequest, wanted: number, defaultMaxTokens: number): AnthropicThinking {
  if (request.maxTokens === undefined) {
    body.max_tokens = defaultMaxTokens + wanted;
    return { type: 'enabled', budget_tokens: wanted };
  }
  if (request.maxTokens <= MINIMUM_THINKING_BUDGET) {
    throw new InvalidRequestError(`With reasoning_effort, Anthropic needs max_tokens above ${MINIMUM_THINKING_BUDGET}.`, {
      param: fieldPath(request, 'maxTokens', 'max_tokens'),
    });
  }
  return { type: 'enabled', budget_tokens: Math.min(wanted, request.maxTokens - 1) };
}
