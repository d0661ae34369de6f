import { UpstreamError } from '../../common/errors/gateway-error.js';
import { SerializedChunk, type ChatCompletion, type ChatCompletionChunk, type CompletionUsage, type StreamChunk } from '../../common/openai/chat-completion.types.js';
import { parseEventData, type StreamTranslator } from '../translated-sse-stream.js';
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

export interface ChunkTranslator extends StreamTranslator {
  /** The chunks owed to the client once the upstream said `[DONE]` (a usage chunk built from vendor usage). */
  flushOwed(): ChatCompletionChunk[];
  /** One parsed upstream chunk in, zero or more client chunks out. */
  translate(chunk: ChatCompletionChunk): ChatCompletionChunk[];
  /** One raw event in (`[DONE]` included); unchanged chunks come out still serialised. */
  translateData(data: string): StreamChunk[];
}

/** Keys whose presence means an event needs normalising (one regex scan beats several `includes`). */
const NEEDS_NORMALISING = /"(?:finish_reason":"|tool_calls"|error"|x_groq"|usage":\{)/;
const HAS_USAGE_KEY = /"usage"/;

/**
 * Whether an event can reach the client byte for byte: nothing in it needs normalising. The test
 * is conservative (a false alarm only costs a parse): no finish reason, tool calls, error, vendor
 * usage or usage object, and the `usage` key exactly as OpenAI sends it for this client
 * (`"usage": null` on every chunk when usage was asked for, no `usage` key otherwise).
 */
function isRelayable(data: string, includeUsage: boolean): boolean {
  if (NEEDS_NORMALISING.test(data)) return false;
  return includeUsage ? data.includes('"usage":null') : !HAS_USAGE_KEY.test(data);
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
  let done = false;

  const translator: ChunkTranslator = {
    get finished() {
      return done;
    },
    translateData(data) {
      if (data === '[DONE]') {
        const owed = translator.flushOwed();
        done = true;
        return owed;
      }
      if (isRelayable(data, includeUsage)) return [new SerializedChunk(data)];
      return translator.translate(parseEventData(data) as ChatCompletionChunk);
    },
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
    flushOwed() {
      if (usage && !done) onUsage?.(usage);
      if (!includeUsage || usageSent || !usage || !last) return [];
      usageSent = true;
      return [{ ...last, object: 'chat.completion.chunk', choices: [], usage }];
    },
    /** The body ended: without `[DONE]` the stream is incomplete. */
    flush() {
      if (done) return [];
      throw new UpstreamError(502, 'The provider closed the stream before it was complete.', { type: 'api_error', code: 'stream_truncated' });
    },
  };
  return translator;
}
