import { UpstreamError } from '../../common/errors/gateway-error.js';
import type { ChatCompletion, ChatCompletionChunk, CompletionUsage } from '../../common/openai/chat-completion.types.js';
import type { OpenAiCompatiblePreset } from './openai-compatible.presets.js';

type FinishReasons = OpenAiCompatiblePreset['finishReasons'];

/** Maps a provider's finish reason to OpenAI's; throws for reasons that mean the generation failed. */
export function mapFinishReason(reason: string | null, sawToolCalls: boolean, table: FinishReasons): string | null {
  if (reason === null || reason === undefined) return null;
  const mapped = table?.[reason];
  if (typeof mapped === 'object') throw new UpstreamError(503, mapped.fail, { type: 'server_error', code: reason });
  const finish = mapped ?? reason;
  // Gemini (in streams) and some local servers report `stop` after producing tool calls.
  return finish === 'stop' && sawToolCalls ? 'tool_calls' : finish;
}

/** Fixes a non-streaming completion's provider quirks in place. */
export function normalizeCompletion(completion: ChatCompletion, preset: OpenAiCompatiblePreset): ChatCompletion {
  if (Array.isArray(completion?.choices)) {
    for (const choice of completion.choices) {
      const sawToolCalls = Array.isArray(choice.message?.tool_calls) && choice.message.tool_calls.length > 0;
      choice.finish_reason = mapFinishReason(choice.finish_reason, sawToolCalls, preset.finishReasons);
    }
  }
  return completion;
}

export interface ChunkTranslator {
  /** One upstream chunk in, zero or more client chunks out. */
  translate(chunk: ChatCompletionChunk): ChatCompletionChunk[];
  /** Called after the upstream's `[DONE]`: the chunks still owed to the client. */
  flush(): ChatCompletionChunk[];
}

/**
 * Normalises an OpenAI-format upstream stream to what OpenAI itself sends: finish reasons mapped,
 * usage only in a final `choices: []` chunk and only when the client asked for it (with
 * `"usage": null` on every other chunk), whichever way the provider delivers usage (a separate
 * chunk, Groq's `x_groq.usage`, or Mistral's last content chunk). `onUsage` receives the final
 * usage at the end of a complete stream, whether or not the client gets it.
 */
export function createChunkTranslator(
  preset: OpenAiCompatiblePreset,
  includeUsage: boolean,
  onUsage?: (usage: CompletionUsage) => void,
): ChunkTranslator {
  const sawToolCalls = new Set<number>();
  let usage: CompletionUsage | undefined;
  let usageSent = false;
  let last: Pick<ChatCompletionChunk, 'id' | 'created' | 'model'> | undefined;

  return {
    translate(chunk) {
      const streamError = (chunk as { error?: { message?: unknown; type?: unknown; code?: unknown } }).error;
      if (streamError) {
        throw new UpstreamError(502, typeof streamError.message === 'string' ? streamError.message : 'The provider reported an error mid-stream.', {
          type: typeof streamError.type === 'string' ? streamError.type : 'api_error',
          code: typeof streamError.code === 'string' ? streamError.code : null,
        });
      }
      last = { id: chunk.id, created: chunk.created, model: chunk.model };
      const groqUsage = (chunk as { x_groq?: { usage?: CompletionUsage } }).x_groq?.usage;
      if (groqUsage) usage = groqUsage;
      if (chunk.usage) usage = chunk.usage;

      const choices = Array.isArray(chunk.choices) ? chunk.choices : [];
      if (choices.length === 0) {
        if (!includeUsage || !chunk.usage || usageSent) return [];
        usageSent = true;
        return [chunk];
      }
      for (const choice of choices) {
        if (choice.delta?.tool_calls?.length) sawToolCalls.add(choice.index);
        if (choice.finish_reason !== null && choice.finish_reason !== undefined) {
          choice.finish_reason = mapFinishReason(choice.finish_reason, sawToolCalls.has(choice.index), preset.finishReasons);
        }
      }
      if (includeUsage) chunk.usage = null;
      else delete chunk.usage;
      return [chunk];
    },
    flush() {
      if (usage) onUsage?.(usage);
      if (!includeUsage || usageSent || !usage || !last) return [];
      usageSent = true;
      return [{ ...last, object: 'chat.completion.chunk', choices: [], usage }];
    },
  };
}
