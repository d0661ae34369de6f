import { UpstreamError } from '../../common/errors/gateway-error.js';
import type { ChatCompletion, ChatCompletionChunk, CompletionUsage } from '../../common/openai/chat-completion.types.js';
import { fromOpenAiFinishReason } from '../../common/openai/openai-finish-reason.js';
import { fromOpenAiUsage } from '../../common/openai/openai-usage.js';
import type { HubEvent } from '../../hub/hub-event.js';
import { parseEventData, truncatedStream, type SseDecoder } from '../upstream-call.js';
import { mapFinishReason, normalizeCompletion } from './openai-compatible.normalize.js';
import type { OpenAiCompatiblePreset } from './openai-compatible.presets.js';

/**
 * What means an event needs parsing (one regex scan beats several `includes`): keys to normalise,
 * and what a relayed line must not carry (a line break would let an event inject SSE lines of its
 * own; U+FFFD marks bytes that were not UTF-8).
 */
const NEEDS_NORMALISING = /"(?:finish_reason":"|tool_calls"|error"|x_groq"|usage":\{)|[\n\r\uFFFD]/;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const QUOTE = 0x22;
/** The per-chunk usage OpenAI sends when asked for usage, last in the object in its compact serialisation. */
const NULL_USAGE_END = ',"usage":null}';

/**
 * The event as the client must receive it, without parsing it, or undefined when it must be
 * parsed: the test is conservative (a false alarm only costs a parse). Nothing may need
 * normalising (a finish reason, tool calls, an error, vendor usage, a usage object), and the
 * `usage` key must be as OpenAI sends it for this client: `"usage": null` on every chunk when the
 * client asked for usage, no `usage` key otherwise (the `"usage":null` the gateway's own request
 * for usage adds is cut off the end). A quote followed by `usage"` cannot occur inside a JSON
 * string, where quotes are escaped, so finding it finds the key.
 */
function relayable(data: string, includeUsage: boolean): string | undefined {
  // Only what looks like a JSON object is vouched for unparsed; anything else is parsed, and refused when it is not JSON.
  if (data.charCodeAt(0) !== OPEN_BRACE || data.charCodeAt(1) !== QUOTE || data.charCodeAt(data.length - 1) !== CLOSE_BRACE) return undefined;
  if (NEEDS_NORMALISING.test(data)) return undefined;
  const usageAt = data.indexOf('"usage"');
  if (includeUsage) return usageAt !== -1 && data.startsWith('"usage":null', usageAt) ? data : undefined;
  if (usageAt === -1) return data;
  const endsWithNullUsage = data.endsWith(NULL_USAGE_END) && usageAt === data.length - NULL_USAGE_END.length + 1;
  return endsWithNullUsage ? `${data.slice(0, -NULL_USAGE_END.length)}}` : undefined;
}

/**
 * Relays an OpenAI-format upstream stream to an OpenAI Chat Completions client, normalised to
 * what OpenAI itself sends: finish reasons mapped, usage only in a final `choices: []` chunk and
 * only when the client asked for it (with `"usage": null` on every other chunk), whichever way
 * the provider delivers usage (a separate chunk, Groq's `x_groq.usage`, or Mistral's last content
 * chunk). Chunks that need no change are relayed still serialised. Alongside the frames it emits
 * the usage (once, at the end of a complete stream) and, marked relayed, the response's id and
 * model and each choice's finish.
 */
export function createRelayStreamDecoder(preset: OpenAiCompatiblePreset, includeUsage: boolean): SseDecoder {
  const sawToolCalls = new Set<number>();
  let usage: CompletionUsage | undefined;
  let usageSent = false;
  let last: Pick<ChatCompletionChunk, 'id' | 'created' | 'model'> | undefined;
  let done = false;

  const translate = (chunk: ChatCompletionChunk): HubEvent[] => {
    if (!chunk || typeof chunk !== 'object' || Array.isArray(chunk)) {
      throw new UpstreamError(502, 'The provider sent a stream event that is not a chat completion chunk.', {
        type: 'api_error',
        code: 'invalid_upstream_response',
      });
    }
    const streamError = (chunk as { error?: { message?: unknown; type?: unknown; code?: unknown } }).error;
    if (streamError) {
      throw new UpstreamError(502, typeof streamError.message === 'string' ? streamError.message : 'The provider reported an error mid-stream.', {
        type: typeof streamError.type === 'string' ? streamError.type : 'api_error',
        code: typeof streamError.code === 'string' ? streamError.code : null,
      });
    }
    const derived: HubEvent[] = [];
    if (!last) derived.push({ type: 'response-start', id: chunk.id, model: chunk.model, created: chunk.created, relayed: true });
    last = { id: chunk.id, created: chunk.created, model: chunk.model };
    const groqUsage = (chunk as { x_groq?: { usage?: CompletionUsage } }).x_groq?.usage;
    if (groqUsage) usage = groqUsage;
    if (chunk.usage) usage = chunk.usage;
    const choices = Array.isArray(chunk.choices) ? chunk.choices : [];
    if (choices.length === 0) {
      if (!includeUsage || !chunk.usage || usageSent) return derived;
      usageSent = true;
      return [{ type: 'frame', data: chunk }, ...derived];
    }
    for (const choice of choices) {
      if (!choice || typeof choice !== 'object') continue;
      if (choice.delta?.tool_calls?.length) sawToolCalls.add(choice.index);
      if (choice.finish_reason !== null && choice.finish_reason !== undefined) {
        choice.finish_reason = mapFinishReason(choice.finish_reason, sawToolCalls.has(choice.index), preset.finishReasons);
        if (choice.finish_reason) derived.push({ type: 'finish', finish: fromOpenAiFinishReason(choice.finish_reason), choice: choice.index, relayed: true });
      }
    }
    if (includeUsage) chunk.usage = null;
    else delete chunk.usage;
    return [{ type: 'frame', data: chunk }, ...derived];
  };

  /** `[DONE]`: the usage chunk owed to a client that asked for it, and the usage for the gateway. */
  const end = (): HubEvent[] => {
    done = true;
    const out: HubEvent[] = [];
    if (includeUsage && !usageSent && usage && last) {
      usageSent = true;
      out.push({ type: 'frame', data: { ...last, object: 'chat.completion.chunk', choices: [], usage } });
    }
    if (usage) out.push({ type: 'usage', usage: fromOpenAiUsage(usage) });
    return out;
  };

  return {
    get finished() {
      return done;
    },
    decode(data) {
      if (done) return [];
      if (data === '[DONE]') return end();
      const verbatim = relayable(data, includeUsage);
      if (verbatim !== undefined) return [{ type: 'frame', data: verbatim }];
      return translate(parseEventData(data) as ChatCompletionChunk);
    },
    /** The body ended: without `[DONE]` the stream is incomplete. */
    flush() {
      if (done) return [];
      throw truncatedStream();
    },
  };
}

/** A relayed non-streaming completion: the normalised body as one frame, and what accounting needs. */
export function fromRelayedCompletion(completion: ChatCompletion, preset: OpenAiCompatiblePreset): HubEvent[] {
  normalizeCompletion(completion, preset);
  const events: HubEvent[] = [
    { type: 'frame', data: completion },
    { type: 'response-start', id: completion.id, model: completion.model, created: completion.created, relayed: true },
  ];
  if (completion.usage && typeof completion.usage === 'object') events.push({ type: 'usage', usage: fromOpenAiUsage(completion.usage) });
  for (const choice of completion.choices) {
    if (choice && typeof choice.finish_reason === 'string') {
      events.push({ type: 'finish', finish: fromOpenAiFinishReason(choice.finish_reason), choice: choice.index ?? 0, relayed: true });
    }
  }
  return events;
}
