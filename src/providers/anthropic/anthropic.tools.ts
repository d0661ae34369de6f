import { InvalidRequestError } from '../../common/errors/gateway-error.js';
import type { ChatCompletionRequest } from '../../common/openai/chat-completion.types.js';
import type { AnthropicTool, AnthropicToolChoice } from './anthropic.types.js';

/** OpenAI function tools to Anthropic tools (`parameters` becomes `input_schema`, always of type object). */
export function toAnthropicTools(tools: ChatCompletionRequest['tools']): AnthropicTool[] | undefined {
  if (tools === undefined || tools === null) return undefined;
  if (!Array.isArray(tools)) throw new InvalidRequestError('tools must be an array.', { param: 'tools' });
  if (tools.length === 0) return undefined;
  return tools.map((tool, index) => {
    if (tool?.type !== 'function' || typeof tool.function?.name !== 'string') {
      throw new InvalidRequestError(`Tool type "${tool?.type}" cannot be sent to Anthropic; only function tools can.`, {
        param: `tools[${index}].type`,
        code: 'unsupported_tool',
      });
    }
    const { name, description, parameters, strict } = tool.function;
    const schema = parameters && typeof parameters === 'object' ? parameters : {};
    return {
      name,
      ...(typeof description === 'string' && description ? { description } : {}),
      input_schema: { ...schema, type: 'object' as const, ...(schema.properties === undefined ? { properties: {} } : {}) },
      ...(typeof strict === 'boolean' ? { strict } : {}),
    };
  });
}

/**
 * `auto` -> auto, `required` -> any, a named function -> tool, `none` -> none;
 * `parallel_tool_calls: false` -> `disable_parallel_tool_use` (on auto when no choice was given).
 */
export function toAnthropicToolChoice(request: ChatCompletionRequest, tools: AnthropicTool[] | undefined): AnthropicToolChoice | undefined {
  if (!tools) return undefined;
  const choice = request.tool_choice;
  const disableParallel = request.parallel_tool_calls === false ? { disable_parallel_tool_use: true } : {};
  if (choice === undefined || choice === null || choice === 'auto') {
    return request.parallel_tool_calls === false || choice === 'auto' ? { type: 'auto', ...disableParallel } : undefined;
  }
  if (choice === 'required') return { type: 'any', ...disableParallel };
  if (choice === 'none') return { type: 'none' };
  if (typeof choice === 'object' && choice.type === 'function') {
    const name = (choice as { function?: { name?: unknown } }).function?.name;
    if (typeof name !== 'string' || !tools.some((tool) => tool.name === name)) {
      throw new InvalidRequestError(`tool_choice names a function that is not in tools: ${String(name)}.`, {
        param: 'tool_choice',
        code: 'unknown_tool',
      });
    }
    return { type: 'tool', name, ...disableParallel };
  }
  throw new InvalidRequestError('tool_choice must be "auto", "none", "required" or a named function for Anthropic.', {
    param: 'tool_choice',
    code: 'unsupported_tool_choice',
  });
}
