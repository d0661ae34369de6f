import { InvalidRequestError } from '../../common/errors/gateway-error.js';
import type { ChatCompletionMessage, ChatCompletionRequest } from '../../common/openai/chat-completion.types.js';
import type { HubMessage, HubPart, HubReasoningPart, HubRequest, HubResponseFormat, HubTool, HubToolChoice, HubToolResultPart } from '../../hub/hub-request.js';
import { cacheControlOf, toHubParts } from './openai-chat.decode-content.js';

const number = (value: unknown): number | undefined => (typeof value === 'number' ? value : undefined);

/**
 * An OpenAI Chat Completions request in the hub's terms, for a provider that does not speak it.
 * Carries what clients of OpenAI-compatible gateways send for other providers too: Anthropic
 * thinking blocks (`thinking_blocks` on assistant messages, with their signatures), `cache_control`
 * on content parts, messages and tools, a `thinking` object, `top_k`. What has no translation is
 * refused with a 400 naming the field.
 */
export function decodeOpenAiChatRequest(body: ChatCompletionRequest): HubRequest {
  const paths: NonNullable<HubRequest['paths']> = {};
  const request: HubRequest = { messages: body.messages.map(toHubMessage), stream: body.stream === true, providerOptions: {}, paths };
  const tools = toHubTools(body.tools);
  if (tools) request.tools = tools;
  const toolChoice = toHubToolChoice(body.tool_choice);
  if (toolChoice) request.toolChoice = toolChoice;
  if (typeof body.parallel_tool_calls === 'boolean') request.parallelToolCalls = body.parallel_tool_calls;
  const maxTokens = body.max_completion_tokens ?? body.max_tokens ?? undefined;
  if (typeof maxTokens === 'number') {
    request.maxTokens = maxTokens;
    paths.maxTokens = typeof body.max_completion_tokens === 'number' ? 'max_completion_tokens' : 'max_tokens';
  }
  const scalars = {
    temperature: number(body.temperature),
    topP: number(body.top_p),
    topK: number(body.top_k),
    seed: number(body.seed),
    presencePenalty: number(body.presence_penalty),
    frequencyPenalty: number(body.frequency_penalty),
    choices: number(body.n),
  };
  for (const [name, value] of Object.entries(scalars)) if (value !== undefined) (request as unknown as Record<string, unknown>)[name] = value;
  if (body.logprobs === true) request.logprobs = true;
  const stop = body.stop === undefined || body.stop === null ? [] : Array.isArray(body.stop) ? body.stop : [body.stop];
  if (stop.length > 0) request.stop = stop;
  const user = typeof body.user === 'string' && body.user ? body.user : body.safety_identifier;
  if (typeof user === 'string' && user) request.user = user;
  const format = toHubResponseFormat(body.response_format);
  if (format) request.responseFormat = format;
  if (typeof body.reasoning_effort === 'string') {
    request.reasoning = { effort: body.reasoning_effort };
    paths.reasoning = 'reasoning_effort';
  }
  if (body.thinking && typeof body.thinking === 'object') request.providerOptions.anthropic = { thinking: body.thinking };
  return request;
}

function toHubMessage(message: ChatCompletionMessage, index: number): HubMessage {
  const where = `messages[${index}]`;
  if (!message || typeof message !== 'object') throw new InvalidRequestError('A message must be an object.', { param: where });
  const name = typeof message.name === 'string' && message.name ? { name: message.name } : {};
  const stringContent = typeof message.content === 'string' ? { stringContent: true } : {};
  switch (message.role) {
    case 'system':
    case 'developer':
      return { role: 'system', parts: withMessageCache(toHubParts(message.content, where, true), message), path: where, ...stringContent };
    case 'user':
      return { role: 'user', parts: withMessageCache(toHubParts(message.content, where, false), message), path: where, ...name, ...stringContent };
    case 'assistant':
      return { role: 'assistant', parts: withMessageCache(toAssistantParts(message, where), message), path: where, ...name };
    case 'tool':
      return { role: 'tool', parts: [toToolResult(message, where)], path: where };
    default:
      throw new InvalidRequestError(`Messages with role "${message.role}" cannot be translated for this provider; use tool_calls and tool messages.`, {
        param: `${where}.role`,
        code: 'unsupported_role',
      });
  }
}

/** A `cache_control` on the message itself marks its last part. */
function withMessageCache(parts: HubPart[], message: ChatCompletionMessage): HubPart[] {
  const cacheControl = cacheControlOf(message);
  const last = parts.at(-1);
  if (!cacheControl || !last || last.type === 'reasoning' || last.type === 'opaque') return parts;
  return [...parts.slice(0, -1), { ...last, cacheControl }];
}

/** Signed reasoning first (as the provider issued it), then text and refusal, then tool calls. */
function toAssistantParts(message: ChatCompletionMessage, where: string): HubPart[] {
  const parts: HubPart[] = [...toReasoningParts(message, where), ...toHubParts(message.content, where, true)];
  if (typeof message.refusal === 'string' && message.refusal) parts.push({ type: 'text', text: message.refusal, path: `${where}.refusal` });
  const calls = message.tool_calls;
  if (calls === undefined || calls === null) return parts;
  if (!Array.isArray(calls)) throw new InvalidRequestError('tool_calls must be an array.', { param: `${where}.tool_calls` });
  calls.forEach((call, index) => {
    const path = `${where}.tool_calls[${index}]`;
    const toolCall = call as { id?: unknown; type?: unknown; function?: { name?: unknown; arguments?: unknown } } | null;
    if (toolCall?.type !== 'function' || typeof toolCall.function?.name !== 'string' || typeof toolCall.id !== 'string' || !toolCall.id) {
      throw new InvalidRequestError('Only function tool calls with an id and a name can be translated.', { param: path, code: 'unsupported_tool_call' });
    }
    const raw = toolCall.function.arguments;
    const args = typeof raw === 'string' ? raw : raw === undefined || raw === null ? '' : JSON.stringify(raw);
    parts.push({
      type: 'tool-call',
      id: toolCall.id,
      name: toolCall.function.name,
      arguments: args,
      path,
      argumentsPath: `${path}.function.arguments`,
      ...cacheOf(call),
    });
  });
  return parts;
}

/** `thinking_blocks` (with signatures, or redacted) when the client sent them back; else `reasoning_content`, unsigned. */
function toReasoningParts(message: ChatCompletionMessage, where: string): HubReasoningPart[] {
  const blocks = message.thinking_blocks;
  if (Array.isArray(blocks)) {
    return blocks.flatMap((block: unknown, index): HubReasoningPart[] => {
      const entry = block as { type?: unknown; thinking?: unknown; signature?: unknown; data?: unknown } | null;
      const path = `${where}.thinking_blocks[${index}]`;
      if (entry?.type === 'thinking' && typeof entry.thinking === 'string') {
        return [
          { type: 'reasoning', text: entry.thinking, path, ...(typeof entry.signature === 'string' && entry.signature ? { signature: entry.signature } : {}) },
        ];
      }
      if (entry?.type === 'redacted_thinking' && typeof entry.data === 'string') return [{ type: 'reasoning', text: '', redactedData: entry.data, path }];
      return [];
    });
  }
  const reasoning = message.reasoning_content;
  return typeof reasoning === 'string' && reasoning ? [{ type: 'reasoning', text: reasoning, path: `${where}.reasoning_content` }] : [];
}

function toToolResult(message: ChatCompletionMessage, where: string): HubToolResultPart {
  if (typeof message.tool_call_id !== 'string' || !message.tool_call_id) {
    throw new InvalidRequestError('A tool message needs a tool_call_id.', { param: `${where}.tool_call_id` });
  }
  const content = toHubParts(message.content, where, true).map((part) => {
    if (part.type === 'text' || part.type === 'image') return part;
    throw new InvalidRequestError(`A tool message can hold text only, not "${part.type === 'opaque' ? part.kind : part.type}".`, {
      param: part.path ? `${part.path}.type` : `${where}.content`,
      code: 'unsupported_content',
    });
  });
  return { type: 'tool-result', callId: message.tool_call_id, content, path: where, ...cacheOf(message) };
}

function toHubTools(tools: ChatCompletionRequest['tools']): HubTool[] | undefined {
  if (!Array.isArray(tools) || tools.length === 0) return undefined;
  return tools.map((tool, index) => {
    if (tool?.type !== 'function' || typeof tool.function?.name !== 'string') {
      throw new InvalidRequestError(`Tool type "${tool?.type ?? 'none'}" cannot be translated for this provider; only function tools can.`, {
        param: `tools[${index}].type`,
        code: 'unsupported_tool',
      });
    }
    const { name, description, parameters, strict } = tool.function;
    return {
      name,
      path: `tools[${index}]`,
      ...(typeof description === 'string' && description ? { description } : {}),
      ...(parameters && typeof parameters === 'object' ? { parameters } : {}),
      ...(typeof strict === 'boolean' ? { strict } : {}),
      ...cacheOf(tool),
    };
  });
}

function toHubToolChoice(choice: ChatCompletionRequest['tool_choice']): HubToolChoice | undefined {
  if (choice === undefined || choice === null) return undefined;
  if (choice === 'auto' || choice === 'none' || choice === 'required') return { type: choice };
  if (typeof choice === 'object' && choice.type === 'function') {
    const name = (choice as { function?: { name?: unknown } }).function?.name;
    if (typeof name === 'string') return { type: 'tool', name };
  }
  throw new InvalidRequestError('tool_choice must be "auto", "none", "required" or a named function for this provider.', {
    param: 'tool_choice',
    code: 'unsupported_tool_choice',
  });
}

function toHubResponseFormat(format: ChatCompletionRequest['response_format']): HubResponseFormat | undefined {
  if (!format) return undefined;
  switch (format.type) {
    case 'text':
      return { type: 'text' };
    case 'json_object':
      return { type: 'json' };
    case 'json_schema': {
      const spec = format.json_schema;
      if (!spec?.schema || typeof spec.schema !== 'object') {
        throw new InvalidRequestError('response_format json_schema needs json_schema.schema.', { param: 'response_format.json_schema.schema' });
      }
      return {
        type: 'json-schema',
        schema: spec.schema,
        ...(typeof spec.name === 'string' ? { name: spec.name } : {}),
        ...(typeof (spec as { description?: unknown }).description === 'string' ? { description: (spec as { description: string }).description } : {}),
        ...(typeof spec.strict === 'boolean' ? { strict: spec.strict } : {}),
      };
    }
    default:
      throw new InvalidRequestError(`response_format type "${format.type}" cannot be translated for this provider.`, { param: 'response_format.type' });
  }
}

function cacheOf(value: unknown): { cacheControl?: NonNullable<ReturnType<typeof cacheControlOf>> } {
  const cacheControl = cacheControlOf(value);
  return cacheControl ? { cacheControl } : {};
}
