/**
 * What Anthropic's Messages API rejects with 400 `invalid_request_error` (wire-format reference,
 * sections 3.3-3.5): the mock upstream refuses the same requests, so a translation that breaks a
 * rule fails the tests the way it would fail in production.
 */

import { isIssuedSignature, REDACTED_THINKING } from './anthropic-signatures.js';

type Json = Record<string, unknown>;

const TOP_LEVEL_FIELDS = new Set([
  'model',
  'max_tokens',
  'messages',
  'system',
  'stop_sequences',
  'temperature',
  'top_p',
  'top_k',
  'stream',
  'tools',
  'tool_choice',
  'thinking',
  'output_config',
  'metadata',
  'service_tier',
  'cache_control',
]);
/** Top-level fields a beta header unlocks. */
const BETA_FIELDS: Record<string, string> = { context_management: 'context-management-2025-06-27' };
const TOOL_FIELDS = ['name', 'description', 'input_schema', 'strict', 'cache_control', 'type', 'defer_loading', 'eager_input_streaming', 'input_examples'];
const EFFORTS = ['low', 'medium', 'high', 'xhigh', 'max'];
const IMAGE_MEDIA_TYPES = new Set(['image/jpeg', 'image/png', 'image/gif', 'image/webp']);
const TOOL_ID = /^[a-zA-Z0-9_-]+$/;
const TOOL_NAME = /^[a-zA-Z0-9_-]{1,128}$/;
const USER_BLOCKS = new Set(['text', 'image', 'document', 'tool_result']);
const ASSISTANT_BLOCKS = new Set(['text', 'tool_use', 'thinking', 'redacted_thinking']);

/**
 * The first rule a request breaks, or undefined. `betas` are the request's `anthropic-beta` values;
 * a token count (`countTokens`) needs no `max_tokens` and takes no `stream`.
 */
export function anthropicRuleViolation(body: Json | undefined, betas: string[] = [], countTokens = false): string | undefined {
  if (!body) return 'Request body is not valid JSON.';
  const extra = Object.keys(body).find((key) => !TOP_LEVEL_FIELDS.has(key) && !(BETA_FIELDS[key] && betas.includes(BETA_FIELDS[key])));
  if (extra) return `${extra}: Extra inputs are not permitted`;
  if (typeof body.model !== 'string') return 'model: Field required';
  if (countTokens && body.stream !== undefined) return 'stream: Extra inputs are not permitted';
  if (!(countTokens && body.max_tokens === undefined) && (!Number.isInteger(body.max_tokens) || (body.max_tokens as number) < 1))
    return 'max_tokens: Field required';
  if (body.stream !== undefined && typeof body.stream !== 'boolean') return 'stream: Input should be a valid boolean';
  if (typeof body.temperature === 'number' && (body.temperature < 0 || body.temperature > 1)) return 'temperature: Input should be less than or equal to 1';
  if (typeof body.top_p === 'number' && (body.top_p < 0 || body.top_p > 1)) return 'top_p: Input should be less than or equal to 1';
  if (body.stop_sequences !== undefined && !(Array.isArray(body.stop_sequences) && body.stop_sequences.every((s) => typeof s === 'string'))) {
    return 'stop_sequences: Input should be a valid list of strings';
  }
  return (
    systemViolation(body.system) ??
    thinkingViolation(body) ??
    toolsViolation(body) ??
    outputViolation(body) ??
    messagesViolation(body.messages) ??
    thinkingBlocksViolation(body)
  );
}

/**
 * Thinking blocks sent back must be the ones Anthropic issued, unchanged (their signature is
 * checked); with thinking enabled, the last assistant turn that used tools must open with its
 * thinking (or redacted thinking) block.
 */
function thinkingBlocksViolation(body: Json): string | undefined {
  const messages = body.messages as Json[];
  for (const [index, message] of messages.entries()) {
    if (!Array.isArray(message.content)) continue;
    for (const [blockIndex, block] of (message.content as Json[]).entries()) {
      if (block.type === 'thinking' && !isIssuedSignature(block.thinking, block.signature)) {
        return `messages.${index}.content.${blockIndex}: Invalid \`signature\` in \`thinking\` block`;
      }
      if (block.type === 'redacted_thinking' && block.data !== REDACTED_THINKING)
        return `messages.${index}.content.${blockIndex}: Invalid \`data\` in \`redacted_thinking\` block`;
    }
  }
  const thinking = (body.thinking as Json | undefined)?.type;
  if (thinking !== 'enabled' && thinking !== 'adaptive') return undefined;
  const lastToolTurn = messages.findLastIndex(
    (message) => message.role === 'assistant' && Array.isArray(message.content) && (message.content as Json[]).some((block) => block.type === 'tool_use'),
  );
  if (lastToolTurn === -1) return undefined;
  const first = (messages[lastToolTurn].content as Json[])[0];
  if (first.type === 'thinking' || first.type === 'redacted_thinking') return undefined;
  return `messages.${lastToolTurn}.content.0.type: Expected \`thinking\` or \`redacted_thinking\`, but found \`${String(first.type)}\`. When \`thinking\` is enabled, a final \`assistant\` message must start with a thinking block (preceeding the lastmost set of \`tool_use\` and \`tool_result\` blocks). We recommend you include thinking blocks from previous turns. To avoid this requirement, disable \`thinking\`.`;
}

function systemViolation(system: unknown): string | undefined {
  if (system === undefined || typeof system === 'string') return undefined;
  if (Array.isArray(system) && system.every((block) => (block as Json)?.type === 'text' && nonEmpty((block as Json).text))) return undefined;
  return 'system: Input should be a valid string or a list of text blocks';
}

function thinkingViolation(body: Json): string | undefined {
  const thinking = body.thinking as Json | undefined;
  if (!thinking) return undefined;
  if (thinking.type === 'enabled') {
    const budget = thinking.budget_tokens as number;
    if (!Number.isInteger(budget) || budget < 1024) return 'thinking.enabled.budget_tokens: Input should be greater than or equal to 1024';
    if (budget >= (body.max_tokens as number)) return '`max_tokens` must be greater than `thinking.budget_tokens`';
  } else if (thinking.type !== 'disabled' && thinking.type !== 'adaptive') {
    return 'thinking: Input tag does not match any of the expected tags';
  }
  if (thinking.type !== 'disabled' && body.temperature !== undefined && body.temperature !== 1) {
    return '`temperature` may only be set to 1 when thinking is enabled';
  }
  return undefined;
}

const SERVER_TOOL_TYPE = /^(web_search|web_fetch|code_execution|bash|text_editor|computer|memory)_\d{8}$/;

function toolsViolation(body: Json): string | undefined {
  const tools = body.tools as Json[] | undefined;
  if (tools !== undefined) {
    if (!Array.isArray(tools)) return 'tools: Input should be a valid list';
    for (const [index, tool] of tools.entries()) {
      if (typeof tool.name !== 'string' || !TOOL_NAME.test(tool.name)) return `tools.${index}.name: String should match pattern '^[a-zA-Z0-9_-]{1,128}$'`;
      // Anthropic's server tools (`web_search_20250305`, ...) are versioned types with settings of their own.
      if (typeof tool.type === 'string' && tool.type !== 'custom') {
        if (!SERVER_TOOL_TYPE.test(tool.type)) return `tools.${index}: Input tag '${tool.type}' found using 'type' does not match any of the expected tags`;
        continue;
      }
      if ((tool.input_schema as Json | undefined)?.type !== 'object') return `tools.${index}.input_schema.type: Input should be 'object'`;
      const extra = Object.keys(tool).find((key) => !TOOL_FIELDS.includes(key));
      if (extra) return `tools.${index}.${extra}: Extra inputs are not permitted`;
    }
  }
  const choice = body.tool_choice as Json | undefined;
  if (choice === undefined) return undefined;
  if (!tools) return 'tool_choice may only be specified while providing tools.';
  if (!['auto', 'any', 'tool', 'none'].includes(choice.type as string)) return 'tool_choice: Input tag does not match any of the expected tags';
  if (choice.type === 'tool' && !tools.some((tool) => tool.name === choice.name)) return `tool_choice: tool ${String(choice.name)} not found in tools`;
  if (choice.type === 'none' && 'disable_parallel_tool_use' in choice) return 'tool_choice.none.disable_parallel_tool_use: Extra inputs are not permitted';
  return undefined;
}

function outputViolation(body: Json): string | undefined {
  const config = body.output_config as Json | undefined;
  if (config === undefined) return undefined;
  if (config.effort !== undefined && !EFFORTS.includes(config.effort as string)) return `output_config.effort: Input should be ${EFFORTS.join(', ')}`;
  const format = config.format as Json | undefined;
  if (format !== undefined && (format.type !== 'json_schema' || !format.schema || typeof format.schema !== 'object'))
    return 'output_config.format: Input should be a json_schema format';
  return undefined;
}

function messagesViolation(messages: unknown): string | undefined {
  if (!Array.isArray(messages) || messages.length === 0) return 'messages: at least one message is required';
  let previousToolUseIds: string[] = [];
  let previousRole: unknown;
  for (const [index, raw] of (messages as Json[]).entries()) {
    const at = `messages.${index}`;
    const role = raw.role;
    // Mid-conversation system messages (text only, after the first turn) stand outside the alternation.
    if (role === 'system' && index > 0) {
      const text = typeof raw.content === 'string' ? [raw.content] : Array.isArray(raw.content) ? (raw.content as Json[]).map((block) => block.text) : [];
      if (text.length === 0 || !text.every(nonEmpty)) return `${at}.content: system messages take non-empty text`;
      continue;
    }
    if (role !== 'user' && role !== 'assistant') return `${at}.role: Input should be 'user' or 'assistant'`;
    if (index === 0 && role !== 'user') return 'messages: first message must use the "user" role';
    if (previousRole === role) return `messages: roles must alternate between "user" and "assistant", but found multiple "${role}" roles in a row`;
    const blocks: Json[] = typeof raw.content === 'string' ? [{ type: 'text', text: raw.content }] : (raw.content as Json[]);
    if (!Array.isArray(blocks) || blocks.length === 0) return `${at}: all messages must have non-empty content`;
    const allowed = role === 'user' ? USER_BLOCKS : ASSISTANT_BLOCKS;
    for (const [blockIndex, block] of blocks.entries()) {
      const where = `${at}.content.${blockIndex}`;
      if (!allowed.has(block.type as string)) return `${where}.type: '${String(block.type)}' is not allowed in a ${role} message`;
      const problem = blockViolation(block, where);
      if (problem) return problem;
    }
    const results = blocks.filter((block) => block.type === 'tool_result').map((block) => block.tool_use_id as string);
    if (role === 'user') {
      if (previousToolUseIds.length > 0) {
        const leading = blocks.slice(0, previousToolUseIds.length);
        if (!leading.every((block) => block.type === 'tool_result') || results.length !== previousToolUseIds.length) {
          return `${at}: \`tool_use\` ids were found without \`tool_result\` blocks immediately after: ${previousToolUseIds.join(', ')}. Each \`tool_use\` block must have a corresponding \`tool_result\` block in the next message, and the tool results must come first.`;
        }
      }
      const unknown = results.find((id) => !previousToolUseIds.includes(id));
      if (unknown)
        return `${at}.content: unexpected \`tool_use_id\` found in \`tool_result\` blocks: ${unknown}. Each \`tool_result\` block must have a corresponding \`tool_use\` block in the previous message.`;
      previousToolUseIds = [];
    } else {
      previousToolUseIds = blocks.filter((block) => block.type === 'tool_use').map((block) => block.id as string);
    }
    previousRole = role;
  }
  const last = messages.at(-1) as Json;
  if (last.role === 'assistant' && Array.isArray(last.content)) {
    const lastBlock = (last.content as Json[]).at(-1);
    if (lastBlock?.type === 'text' && /\s$/.test(lastBlock.text as string)) return 'final assistant content cannot end with trailing whitespace';
  }
  return undefined;
}

function blockViolation(block: Json, where: string): string | undefined {
  switch (block.type) {
    case 'text':
      return nonEmpty(block.text) ? undefined : `${where}: text content blocks must contain non-whitespace text`;
    case 'image': {
      const source = block.source as Json | undefined;
      if (source?.type === 'base64') {
        return IMAGE_MEDIA_TYPES.has(source.media_type as string) && typeof source.data === 'string'
          ? undefined
          : `${where}.source.media_type: Input should be 'image/jpeg', 'image/png', 'image/gif' or 'image/webp'`;
      }
      return source?.type === 'url' && typeof source.url === 'string' && /^https?:\/\//.test(source.url)
        ? undefined
        : `${where}.source: Input tag does not match any of the expected tags`;
    }
    case 'document':
      return (block.source as Json | undefined)?.type ? undefined : `${where}.source: Field required`;
    case 'tool_use':
      if (typeof block.id !== 'string' || !TOOL_ID.test(block.id)) return `${where}.id: String should match pattern '^[a-zA-Z0-9_-]+$'`;
      if (!block.input || typeof block.input !== 'object' || Array.isArray(block.input)) return `${where}.input: Input should be a valid dictionary`;
      return typeof block.name === 'string' ? undefined : `${where}.name: Field required`;
    case 'tool_result': {
      if (typeof block.tool_use_id !== 'string' || !TOOL_ID.test(block.tool_use_id))
        return `${where}.tool_use_id: String should match pattern '^[a-zA-Z0-9_-]+$'`;
      const content = block.content;
      if (content === undefined || (typeof content === 'string' && content.length > 0)) return undefined;
      if (Array.isArray(content) && content.every((item) => (item as Json).type !== 'text' || nonEmpty((item as Json).text))) return undefined;
      return `${where}.content: text content blocks must be non-empty`;
    }
    default:
      return undefined;
  }
}

function nonEmpty(text: unknown): boolean {
  return typeof text === 'string' && text.trim().length > 0;
}
