import type { ChatCompletion, ChatCompletionChunk, ChatCompletionChunkChoice, ChatCompletionToolCall, CompletionUsage } from '../common/openai/chat-completion.types.js';

export type ChunkDelta = ChatCompletionChunkChoice['delta'];

export interface TranslatedChunkOptions {
  /** The client asked for `stream_options.include_usage`: `usage: null` on every chunk, then a usage chunk. */
  includeUsage: boolean;
  /** Unix seconds, shared by every chunk. */
  created: number;
  /** Receives the final usage of a complete stream, whether or not the client asked for it (telemetry). */
  onUsage?: (usage: CompletionUsage) => void;
}

/**
 * Builds the OpenAI chunks a native stream translator emits. `identity` is read on every chunk, as
 * the id and model may only become known partway (Anthropic names them in `message_start`).
 */
export function createChunkFactory(options: TranslatedChunkOptions, identity: () => { id: string; model: string }) {
  // Keys in OpenAI's own order: id, object, created, model.
  const frame = (): Pick<ChatCompletionChunk, 'id' | 'object' | 'created' | 'model'> => {
    const { id, model } = identity();
    return { id, object: 'chat.completion.chunk', created: options.created, model };
  };
  const chunk = (delta: ChunkDelta, finishReason: string | null = null): ChatCompletionChunk => ({
    ...frame(),
    choices: [{ index: 0, delta, logprobs: null, finish_reason: finishReason }],
    ...(options.includeUsage ? { usage: null } : {}),
  });

  /** The end of a complete stream: the finish chunk, then (when asked for) the usage chunk, as OpenAI sends them. */
  const finish = (finishReason: string, usage: CompletionUsage): ChatCompletionChunk[] => {
    options.onUsage?.(usage);
    const out = [chunk({}, finishReason)];
    if (options.includeUsage) out.push({ ...frame(), choices: [], usage });
    return out;
  };

  return { chunk, finish };
}

export interface TranslatedCompletion {
  id: string;
  created: number;
  model: string;
  /** Text pieces in order; none means `content: null` (a tool-call-only answer). */
  texts: string[];
  /** Reasoning text, already joined; empty means no `reasoning_content`. */
  reasoning: string;
  toolCalls: ChatCompletionToolCall[];
  finishReason: string;
  usage: CompletionUsage;
}

/** The `chat.completion` a native provider's non-streaming answer becomes (reasoning omitted when empty). */
export function toChatCompletion(answer: TranslatedCompletion): ChatCompletion {
  return {
    id: answer.id,
    object: 'chat.completion',
    created: answer.created,
    model: answer.model,
    choices: [
      {
        index: 0,
        message: {
          role: 'assistant',
          content: answer.texts.length > 0 ? answer.texts.join('') : null,
          refusal: null,
          ...(answer.reasoning ? { reasoning_content: answer.reasoning } : {}),
          ...(answer.toolCalls.length > 0 ? { tool_calls: answer.toolCalls } : {}),
        },
        logprobs: null,
        finish_reason: answer.finishReason,
      },
    ],
    usage: answer.usage,
  };
}
