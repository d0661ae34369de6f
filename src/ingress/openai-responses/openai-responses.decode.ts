import { InvalidRequestError } from '../../common/errors/gateway-error.js';
import type { HubRequest, HubResponseFormat, HubTool, HubToolChoice } from '../../hub/hub-request.js';
import { toHubMessages } from './openai-responses.decode-input.js';
import type { ResponsesItem, ResponsesRequestBody } from './openai-responses.types.js';

/** Fields only OpenAI's own service can honour: refused for every other provider rather than ignored. */
const SERVER_ONLY_FIELDS = ['background', 'conversation', 'prompt'] as const;

/** Whether the request asks for what only OpenAI serves (built-in tools, background runs, stored conversations or prompts). */
export function usesOpenAiOnlyFeatures(body: ResponsesRequestBody): boolean {
  const fields = SERVER_ONLY_FIELDS.some((field) => body[field] !== undefined && body[field] !== null && body[field] !== false);
  return fields || (Array.isArray(body.tools) && body.tools.some((tool) => tool.type !== 'function'));
}

/**
 * A Responses request in the hub's terms, for a provider that does not speak it. `items` is the
 * whole conversation: the stored one `previous_response_id` names, then the client's `input`, with
 * item references already resolved. `instructions` become the leading system message; function
 * tools, `tool_choice`, `text.format`, `reasoning.effort`, `max_output_tokens`, sampling and `user`
 * are carried over. Built-in tools (web search, file search, code interpreter, computer use, ...)
 * exist only at OpenAI: they are refused with a 400 naming the tool, never dropped.
 */
export function decodeResponsesRequest(body: ResponsesRequestBody, items: readonly ResponsesItem[], providerId: string): HubRequest {
  for (const field of SERVER_ONLY_FIELDS) {
    if (body[field] !== undefined && body[field] !== null && body[field] !== false) {
      throw new InvalidRequestError(`"${field}" is served by OpenAI itself; provider "${providerId}" cannot honour it through the gateway.`, {
        param: field,
        code: 'unsupported_parameter',
      });
    }
  }
  const messages = toHubMessages(items, 'input');
  if (!messages.some((message) => message.role !== 'system')) {
    throw new InvalidRequestError('The input is empty: send input (a string or items), or a previous_response_id to continue from.', {
      param: 'input',
      code: 'empty_input',
    });
  }
  if (typeof body.instructions === 'string' && body.instructions) {
    messages.unshift({ role: 'system', parts: [{ type: 'text', text: body.instructions, path: 'instructions' }], path: 'instructions', stringContent: true });
  }
  const paths: NonNullable<HubRequest['paths']> = {};
  const request: HubRequest = { messages, stream: body.stream === true, providerOptions: {}, paths };
  const tools = toHubTools(body.tools, providerId);
  const choice = toHubToolChoice(body.tool_choice, tools);
  if (choice.tools) request.tools = choice.tools;
  if (choice.toolChoice) {
    request.toolChoice = choice.toolChoice;
    paths.toolChoice = 'tool_choice';
  }
  if (typeof body.parallel_tool_calls === 'boolean') request.parallelToolCalls = body.parallel_tool_calls;
  if (typeof body.max_output_tokens === 'number') {
    request.maxTokens = body.max_output_tokens;
    paths.maxTokens = 'max_output_tokens';
  }
  if (typeof body.temperature === 'number') request.temperature = body.temperature;
  if (typeof body.top_p === 'number') request.topP = body.top_p;
  const user = typeof body.user === 'string' && body.user ? body.user : body.safety_identifier;
  if (typeof user === 'string' && user) request.user = user;
  const format = toHubResponseFormat(body.text?.format);
  if (format) {
    request.responseFormat = format;
    paths.responseFormat = 'text.format';
  }
  if (typeof body.reasoning?.effort === 'string') {
    request.reasoning = { effort: body.reasoning.effort };
    paths.reasoning = 'reasoning.effort';
  }
  return request;
}

/** The client's `input` as items: a string is one user message (an empty one is no input). */
export function inputItems(input: ResponsesRequestBody['input']): ResponsesItem[] {
  if (input === undefined || input === '') return [];
  if (typeof input === 'string') return [{ type: 'message', role: 'user', content: [{ type: 'input_text', text: input }] }];
  return input;
}

function toHubTools(tools: ResponsesRequestBody['tools'], providerId: string): HubTool[] | undefined {
  if (!Array.isArray(tools) || tools.length === 0) return undefined;
  return tools.map((tool, index) => {
    if (tool.type !== 'function') {
      throw new InvalidRequestError(
        `The "${tool.type}" tool is not available with provider "${providerId}": only function tools can be translated (built-in tools run at OpenAI).`,
        { param: `tools[${index}].type`, code: 'unsupported_tool' },
      );
    }
    if (typeof tool.name !== 'string' || !tool.name) throw new InvalidRequestError('A function tool needs a name.', { param: `tools[${index}].name` });
    const parameters = tool.parameters && typeof tool.parameters === 'object' ? { parameters: tool.parameters as Record<string, unknown> } : {};
    return {
      name: tool.name,
      path: `tools[${index}]`,
      ...(typeof tool.description === 'string' && tool.description ? { description: tool.description } : {}),
      ...parameters,
      ...(typeof tool.strict === 'boolean' ? { strict: tool.strict } : {}),
    };
  });
}

/** `tool_choice`, and the tools it leaves (`allowed_tools` narrows them). */
function toHubToolChoice(choice: ResponsesRequestBody['tool_choice'], tools: HubTool[] | undefined): { toolChoice?: HubToolChoice; tools?: HubTool[] } {
  if (choice === undefined || choice === null) return { tools };
  if (choice === 'auto' || choice === 'none' || choice === 'required') return { toolChoice: { type: choice }, tools };
  if (typeof choice === 'object' && choice.type === 'function' && typeof choice.name === 'string')
    return { toolChoice: { type: 'tool', name: choice.name }, tools };
  if (typeof choice === 'object' && choice.type === 'allowed_tools' && Array.isArray(choice.tools)) {
    const allowed = new Set((choice.tools as Array<{ name?: unknown }>).map((tool) => tool?.name));
    const mode = choice.mode === 'required' ? 'required' : 'auto';
    return { toolChoice: { type: mode }, tools: tools?.filter((tool) => allowed.has(tool.name)) };
  }
  const kind = typeof choice === 'object' ? choice.type : choice;
  throw new InvalidRequestError(`tool_choice "${kind}" cannot be translated for this provider; use auto, none, required, a function or allowed_tools.`, {
    param: 'tool_choice',
    code: 'unsupported_tool_choice',
  });
}

function toHubResponseFormat(format: NonNullable<ResponsesRequestBody['text']>['format']): HubResponseFormat | undefined {
  if (!format) return undefined;
  switch (format.type) {
    case 'text':
      return { type: 'text' };
    case 'json_object':
      return { type: 'json' };
    case 'json_schema':
      if (!format.schema || typeof format.schema !== 'object') {
        throw new InvalidRequestError('text.format json_schema needs a schema.', { param: 'text.format.schema' });
      }
      return {
        type: 'json-schema',
        schema: format.schema as Record<string, unknown>,
        ...(typeof format.name === 'string' ? { name: format.name } : {}),
        ...(typeof format.description === 'string' ? { description: format.description } : {}),
        ...(typeof format.strict === 'boolean' ? { strict: format.strict } : {}),
      };
    default:
      throw new InvalidRequestError(`text.format type "${format.type}" cannot be translated for this provider.`, { param: 'text.format.type' });
  }
}
