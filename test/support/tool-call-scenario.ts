/**
 * The `#call:` scenario of the mock upstreams: a model that calls the tools the last user message
 * names (`#call:mcp_echo{"text":"hi"}`, several words for parallel calls), and, once given their
 * results, answers with them (`Tool results: <result> | <result>`). With `#again` it calls the
 * tools again whatever it was given (a model that never stops).
 */

export interface RequestedCall {
  name: string;
  arguments: string;
}

export type ToolScenario = { calls: RequestedCall[]; turn: number } | { answer: string };

export const TOOL_ANSWER_PREFIX = 'Tool results: ';

/** A tool name, then its arguments: a JSON object (one level of nesting at most), or anything in braces (arguments that are not JSON). */
const CALL = /#call:([A-Za-z0-9_-]+)(\{(?:[^{}]|\{[^{}]*\})*\})?/g;

type Json = Record<string, unknown>;

function requestedCalls(text: string): RequestedCall[] {
  return [...text.matchAll(CALL)].map((match) => ({ name: match[1], arguments: match[2] ?? '{}' }));
}

function textOf(content: unknown): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) return '';
  return (content as Json[])
    .map((part) => (typeof part.text === 'string' ? part.text : typeof part.content === 'string' ? part.content : textOf(part.content)))
    .join('');
}

function scenario(text: string, turn: number, results: string[] | undefined): ToolScenario | undefined {
  const calls = requestedCalls(text);
  if (calls.length === 0) return undefined;
  if (results && !text.includes('#again')) return { answer: TOOL_ANSWER_PREFIX + results.join(' | ') };
  return { calls, turn };
}

/** The scenario of an OpenAI chat request: results are the contents of the tool messages that end it. */
export function openAiToolScenario(body: Json): ToolScenario | undefined {
  const messages = Array.isArray(body.messages) ? (body.messages as Json[]) : [];
  const lastUser = [...messages].reverse().find((message) => message.role === 'user');
  const trailing: string[] = [];
  for (let index = messages.length - 1; index >= 0 && messages[index].role === 'tool'; index--) trailing.unshift(textOf(messages[index].content));
  const turn = messages.filter((message) => message.role === 'assistant').length;
  return scenario(textOf(lastUser?.content), turn, trailing.length > 0 ? trailing : undefined);
}

/** The scenario of an Anthropic Messages request: results are the `tool_result` blocks of the last user turn. */
export function anthropicToolScenario(body: Json): ToolScenario | undefined {
  const messages = Array.isArray(body.messages) ? (body.messages as Json[]) : [];
  const users = messages.filter((message) => message.role === 'user');
  const text = users.map((message) =>
    textOf(Array.isArray(message.content) ? (message.content as Json[]).filter((block) => block.type === 'text') : message.content),
  );
  const last = messages.at(-1);
  const blocks = Array.isArray(last?.content) ? (last.content as Json[]) : [];
  const results = blocks.filter((block) => block.type === 'tool_result').map((block) => `${block.is_error === true ? 'error: ' : ''}${textOf(block.content)}`);
  const turn = messages.filter((message) => message.role === 'assistant').length;
  return scenario(text.filter(Boolean).at(-1) ?? '', turn, results.length > 0 ? results : undefined);
}
