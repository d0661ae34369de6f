import { cohereWireProblems } from './cohere-wire-schema.js';

/**
 * What Cohere's v2 chat endpoint rejects (wire-format reference, section 4.3): any key or shape
 * the official SDK's request schema does not know, plus the conversation rules below. The mock
 * refuses the same requests with Cohere's flat `{"message": ...}` body.
 */

type Json = Record<string, unknown>;

export function cohereRuleViolation(body: Json | undefined): string | undefined {
  if (!body) return 'invalid request: body is not valid JSON';
  if (body.stream !== undefined && typeof body.stream !== 'boolean') return 'invalid request: stream must be a boolean';
  const { stream: _stream, ...rest } = body;
  const problems = cohereWireProblems('V2ChatRequest', rest);
  if (problems.length > 0) return `invalid request: ${problems.join('; ')}`;
  if (typeof body.p === 'number' && (body.p < 0.01 || body.p > 0.99)) return 'invalid request: p must be between 0.01 and 0.99';
  if (typeof body.k === 'number' && (body.k < 0 || body.k > 500)) return 'invalid request: k must be between 0 and 500';
  if (body.response_format && Array.isArray(body.tools) && body.tools.length > 0) return 'invalid request: response_format is not supported with tools';
  if (body.tool_choice && !(Array.isArray(body.tools) && body.tools.length > 0)) return 'invalid request: tool_choice requires tools';
  return messagesViolation(body.messages as Json[]);
}

function messagesViolation(messages: Json[]): string | undefined {
  if (messages.length === 0) return 'invalid request: messages must not be empty';
  let seenNonSystem = false;
  let pendingToolCalls: string[] = [];
  for (const [index, message] of messages.entries()) {
    const at = `messages[${index}]`;
    if (message.role === 'system') {
      if (seenNonSystem) return `invalid request: ${at}: system messages must come before all other messages`;
      if (!hasText(message.content)) return `invalid request: ${at}: message must be at least 1 token long`;
      continue;
    }
    seenNonSystem = true;
    if (message.role !== 'tool' && pendingToolCalls.length > 0) {
      return `invalid request: tool results must be specified for tool calls ${pendingToolCalls.join(', ')} before ${at}`;
    }
    if (message.role === 'user' && !hasText(message.content))
      return `invalid request: ${at}: message must be at least 1 token long or tool results must be specified.`;
    if (message.role === 'assistant') {
      const calls = Array.isArray(message.tool_calls) ? (message.tool_calls as Json[]) : [];
      if (calls.length === 0 && !hasText(message.content)) return `invalid request: ${at}: assistant message must have content or tool calls`;
      pendingToolCalls = calls.map((call) => call.id as string);
    }
    if (message.role === 'tool') {
      const id = message.tool_call_id as string;
      if (!pendingToolCalls.includes(id)) return `invalid request: ${at}: tool_call_id ${id} does not match a tool call of the previous assistant message`;
      pendingToolCalls = pendingToolCalls.filter((pending) => pending !== id);
    }
  }
  return undefined;
}

function hasText(content: unknown): boolean {
  if (typeof content === 'string') return content.trim().length > 0;
  if (!Array.isArray(content) || content.length === 0) return false;
  return (content as Json[]).every((part) => part.type !== 'text' || (typeof part.text === 'string' && part.text.trim().length > 0));
}
