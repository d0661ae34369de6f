import { InvalidRequestError } from '../../common/errors/gateway-error.js';
import type { HubMessage, HubPart, HubRequest, HubTool, HubToolChoice } from '../../hub/hub-request.js';
import { cacheOf, toAssistantPart, toTextParts, toUserPart, untranslatable } from './anthropic-messages.decode-content.js';
import type { MessagesMessage, MessagesRequest } from './anthropic-messages.types.js';

/** Fields only Anthropic understands: kept in `providerOptions.anthropic`, left out for other providers. */
const ANTHROPIC_ONLY = ['thinking', 'cache_control', 'context_management', 'output_config', 'service_tier', 'container', 'inference_geo', 'metadata'];

/** Whether the request asks for what only Anthropic serves (server tools, MCP servers). */
export function usesAnthropicOnlyFeatures(body: MessagesRequest): boolean {
  const servers = Array.isArray(body.mcp_servers) && body.mcp_servers.length > 0;
  return servers || (Array.isArray(body.tools) && body.tools.some((tool) => tool.type !== undefined && tool.type !== 'custom'));
}

/**
 * A Messages request in the hub's terms, for a provider that does not speak it: `system` (a string
 * or text blocks) and mid-conversation `system` messages as system messages; user turns' tool
 * results as tool messages ahead of the rest of the turn; assistant turns with their thinking
 * (signature kept), redacted thinking and tool calls; custom tools, `tool_choice`,
 * `stop_sequences`, sampling, `max_tokens`, `metadata.user_id`; extended thinking's budget as the
 * reasoning budget; `output_config.format` as a JSON-schema answer. Anthropic-only settings
 * (`cache_control`, `context_management`, `defer_loading`, adaptive thinking, effort, ...) are kept
 * in `providerOptions.anthropic`, which other providers ignore. What has no translation (server
 * tools, blocks of other types, MCP servers) is refused with a 400 naming the field.
 */
export function decodeMessagesRequest(body: MessagesRequest): HubRequest {
  if (Array.isArray(body.mcp_servers) && body.mcp_servers.length > 0) throw untranslatable('mcp_servers', 'mcp_servers', 'unsupported_parameter');
  const messages: HubMessage[] = [];
  if (body.system !== undefined) {
    const parts = toTextParts(body.system, 'system');
    messages.push({ role: 'system', parts, path: 'system', ...(typeof body.system === 'string' ? { stringContent: true } : {}) });
  }
  let pendingToolUses: string[] = [];
  body.messages.forEach((message, index) => {
    const decoded = toHubMessages(message, `messages[${index}]`, pendingToolUses);
    messages.push(...decoded.messages);
    pendingToolUses = decoded.toolUses ?? pendingToolUses;
  });
  const paths: NonNullable<HubRequest['paths']> = { maxTokens: 'max_tokens', toolChoice: 'tool_choice' };
  const request: HubRequest = { messages, stream: body.stream === true, providerOptions: { anthropic: anthropicOnly(body) }, paths };
  if (typeof body.max_tokens === 'number') request.maxTokens = body.max_tokens;
  if (typeof body.temperature === 'number') request.temperature = body.temperature;
  if (typeof body.top_p === 'number') request.topP = body.top_p;
  if (typeof body.top_k === 'number') request.topK = body.top_k;
  const stop = body.stop_sequences?.filter((sequence) => sequence.length > 0);
  if (stop && stop.length > 0) request.stop = stop;
  if (typeof body.metadata?.user_id === 'string' && body.metadata.user_id) request.user = body.metadata.user_id;
  const tools = toHubTools(body.tools);
  if (tools) request.tools = tools;
  applyToolChoice(request, body.tool_choice);
  if (body.thinking?.type === 'enabled' && typeof body.thinking.budget_tokens === 'number') {
    request.reasoning = { budgetTokens: body.thinking.budget_tokens };
    paths.reasoning = 'thinking.budget_tokens';
  }
  const format = body.output_config?.format;
  if (format) {
    if (format.type !== 'json_schema' || !format.schema || typeof format.schema !== 'object') {
      throw untranslatable(`output_config.format of type "${format.type}"`, 'output_config.format', 'unsupported_parameter');
    }
    request.responseFormat = { type: 'json-schema', schema: format.schema };
    paths.responseFormat = 'output_config.format';
  }
  return request;
}

/**
 * One Anthropic turn as hub messages. A user turn's tool results become one tool message ahead of
 * the rest of the turn, and must answer the tool calls of the assistant turn before it, all of
 * them (what every provider requires): anything else is refused, naming the block.
 */
function toHubMessages(message: MessagesMessage, where: string, pendingToolUses: string[]): { messages: HubMessage[]; toolUses?: string[] } {
  const blocks = typeof message.content === 'string' ? undefined : message.content;
  const stringContent = blocks ? {} : { stringContent: true };
  if (message.role === 'system')
    return { messages: [{ role: 'system', parts: toTextParts(message.content, `${where}.content`), path: where, ...stringContent }] };
  if (message.role === 'assistant') {
    const parts = blocks
      ? blocks.map((block, index) => toAssistantPart(block, `${where}.content[${index}]`))
      : toTextParts(message.content, `${where}.content`);
    const toolUses = parts.flatMap((part) => (part.type === 'tool-call' ? [part.id] : []));
    return { messages: [{ role: 'assistant', parts, path: where, ...stringContent }], toolUses };
  }
  const parts: HubPart[] = blocks
    ? blocks.map((block, index) => toUserPart(block, `${where}.content[${index}]`))
    : toTextParts(message.content, `${where}.content`);
  const results = parts.filter((part) => part.type === 'tool-result');
  const rest = parts.filter((part) => part.type !== 'tool-result');
  checkToolResults(results, pendingToolUses, where);
  const messages: HubMessage[] = [];
  if (results.length > 0) messages.push({ role: 'tool', parts: results, path: where });
  if (rest.length > 0 || results.length === 0) messages.push({ role: 'user', parts: rest, path: where, ...stringContent });
  return { messages, toolUses: [] };
}

function checkToolResults(results: HubPart[], pendingToolUses: string[], where: string): void {
  for (const result of results) {
    if (result.type === 'tool-result' && !pendingToolUses.includes(result.callId)) {
      throw new InvalidRequestError(
        `tool_result answers tool_use id "${result.callId}", which is not among the tool calls of the previous assistant message.`,
        { param: `${result.path ?? where}.tool_use_id`, code: 'unknown_tool_use_id' },
      );
    }
  }
  const answered = new Set(results.map((result) => (result.type === 'tool-result' ? result.callId : '')));
  const missing = pendingToolUses.filter((id) => !answered.has(id));
  if (missing.length > 0) {
    throw new InvalidRequestError(
      `The previous assistant message called tools that this message does not answer with tool_result blocks: ${missing.join(', ')}.`,
      { param: `${where}.content`, code: 'missing_tool_result' },
    );
  }
}

/** Custom tools (`input_schema` as the parameters); server tools (`web_search_*`, `bash_*`, ...) have no translation. */
function toHubTools(tools: MessagesRequest['tools']): HubTool[] | undefined {
  if (!tools || tools.length === 0) return undefined;
  return tools.map((tool, index) => {
    const path = `tools[${index}]`;
    if (tool.type !== undefined && tool.type !== 'custom') throw untranslatable(`The server tool "${tool.type}"`, `${path}.type`, 'unsupported_tool');
    return {
      name: tool.name,
      path,
      ...(typeof tool.description === 'string' && tool.description ? { description: tool.description } : {}),
      ...(tool.input_schema && typeof tool.input_schema === 'object' ? { parameters: tool.input_schema } : {}),
      ...(typeof tool.strict === 'boolean' ? { strict: tool.strict } : {}),
      ...cacheOf(tool),
    };
  });
}

const TOOL_CHOICES: Record<string, HubToolChoice['type']> = { auto: 'auto', any: 'required', none: 'none', tool: 'tool' };

function applyToolChoice(request: HubRequest, choice: MessagesRequest['tool_choice']): void {
  if (!choice) return;
  const type = TOOL_CHOICES[choice.type];
  if (!type) throw new InvalidRequestError('tool_choice.type must be auto, any, tool or none.', { param: 'tool_choice.type', code: 'unsupported_tool_choice' });
  if (type === 'tool') {
    if (typeof choice.name !== 'string' || !choice.name) throw new InvalidRequestError('tool_choice of type tool needs a name.', { param: 'tool_choice.name' });
    request.toolChoice = { type, name: choice.name };
  } else request.toolChoice = { type };
  if (choice.disable_parallel_tool_use === true) request.parallelToolCalls = false;
}

function anthropicOnly(body: MessagesRequest): Record<string, unknown> {
  const options: Record<string, unknown> = {};
  for (const field of ANTHROPIC_ONLY) if (body[field] !== undefined) options[field] = body[field];
  return options;
}
