import { InvalidRequestError } from '../../common/errors/gateway-error.js';
import { fieldPath, type HubRequest } from '../../hub/hub-request.js';
import { withCache } from './anthropic.content.js';
import type { AnthropicTool, AnthropicToolChoice } from './anthropic.types.js';

/** Hub tools to Anthropic tools (`parameters` becomes `input_schema`, always of type object). */
export function toAnthropicTools(request: HubRequest): AnthropicTool[] | undefined {
  if (!request.tools || request.tools.length === 0) return undefined;
  return request.tools.map((tool) => {
    const schema = tool.parameters && typeof tool.parameters === 'object' ? tool.parameters : {};
    return withCache(
      {
        name: tool.name,
        ...(tool.description ? { description: tool.description } : {}),
        input_schema: { ...schema, type: 'object' as const, ...(schema.properties === undefined ? { properties: {} } : {}) },
        ...(typeof tool.strict === 'boolean' ? { strict: tool.strict } : {}),
      },
      tool.cacheControl,
    );
  });
}

/**
 * `auto` -> auto, `required` -> any, a named tool -> tool, `none` -> none; no parallel tool calls
 * -> `disable_parallel_tool_use` (on auto when no choice was given).
 */
export function toAnthropicToolChoice(request: HubRequest, tools: AnthropicTool[] | undefined): AnthropicToolChoice | undefined {
  if (!tools) return undefined;
  const choice = request.toolChoice;
  const noParallel = request.parallelToolCalls === false;
  const disableParallel = noParallel ? { disable_parallel_tool_use: true } : {};
  if (!choice) return noParallel ? { type: 'auto', ...disableParallel } : undefined;
  switch (choice.type) {
    case 'auto':
      return { type: 'auto', ...disableParallel };
    case 'required':
      return { type: 'any', ...disableParallel };
    case 'none':
      return { type: 'none' };
    case 'tool':
      if (!tools.some((tool) => tool.name === choice.name)) {
        throw new InvalidRequestError(`tool_choice names a function that is not in tools: ${choice.name}.`, {
          param: fieldPath(request, 'toolChoice', 'tool_choice'),
          code: 'unknown_tool',
        });
      }
      return { type: 'tool', name: choice.name, ...disableParallel };
  }
}
