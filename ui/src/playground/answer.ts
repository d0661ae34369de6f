import type { ChatCompletionChunk, ToolCall, Usage } from '../api/wire-types';

/** An assistant answer as it streams in, with what the metrics need. */
export interface Answer {
  content: string;
  toolCalls: ToolCall[];
  usage?: Usage;
  finishReason?: string;
  /** `performance.now()` when the request was sent, when the first token came, and when it ended. */
  startedAt: number;
  firstTokenAt?: number;
  endedAt?: number;
  /** The readable reason the answer failed or is incomplete. */
  error?: string;
  stopped?: boolean;
}

export function newAnswer(startedAt: number): Answer {
  return { content: '', toolCalls: [], startedAt };
}

/** The answer after one chunk: text appended, tool-call fragments merged by index, usage kept. */
export function applyChunk(answer: Answer, chunk: ChatCompletionChunk, now: number): Answer {
  const next: Answer = { ...answer, toolCalls: answer.toolCalls.map((call) => ({ ...call, function: { ...call.function } })) };
  if (chunk.usage) next.usage = chunk.usage;
  for (const choice of chunk.choices) {
    if (choice.index !== 0) continue;
    const { content, tool_calls: toolCalls } = choice.delta;
    if (content) next.content += content;
    for (const fragment of toolCalls ?? []) {
      let call = next.toolCalls.at(fragment.index);
      if (!call) {
        call = { id: '', type: 'function', function: { name: '', arguments: '' } };
        next.toolCalls[fragment.index] = call;
      }
      if (fragment.id) call.id = fragment.id;
      if (fragment.function?.name) call.function.name += fragment.function.name;
      if (fragment.function?.arguments) call.function.arguments += fragment.function.arguments;
    }
    if ((content || toolCalls?.length) && next.firstTokenAt === undefined) next.firstTokenAt = now;
    if (choice.finish_reason) next.finishReason = choice.finish_reason;
  }
  return next;
}
