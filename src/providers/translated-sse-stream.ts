import { Observable } from 'rxjs';
import { GatewayError, UpstreamError } from '../common/errors/gateway-error.js';
import type { UpstreamResponse } from '../common/http/upstream-client.js';
import type { ChatCompletionChunk, StreamChunk } from '../common/openai/chat-completion.types.js';
import { readSseEvents } from '../common/sse/sse-reader.js';
import type { ProviderCallContext } from './llm-provider.js';

/** A pure, stateful translation of one provider's stream events into OpenAI chunks. */
export interface StreamTranslator {
  /** One upstream event in, zero or more chunks out; throws the gateway error an `error` event stands for. */
  translate(event: unknown): ChatCompletionChunk[];
  /** The upstream body ended: the chunks still owed, or the error for a stream that stopped early. */
  flush(): ChatCompletionChunk[];
  /** True once the provider's final event was translated (nothing more is emitted). */
  readonly finished: boolean;
  /**
   * Optional: takes each event's raw `data` (including `[DONE]`) instead of parsed JSON, so a
   * translator can relay events that need no change without parsing them.
   */
  translateData?(data: string): StreamChunk[];
}

export interface TranslatedSseStreamOptions {
  /** Sends the upstream request; called once per subscription. */
  open(signal: AbortSignal): Promise<UpstreamResponse>;
  /** Maps a non-2xx upstream answer to the error the client gets. */
  toError(status: number, headers: UpstreamResponse['headers'], bodyText: string): GatewayError;
  /** Created per subscription, once the request is sent. */
  createTranslator(): StreamTranslator;
  ctx: ProviderCallContext;
}

/** An event's JSON payload; anything else is a provider fault. */
export function parseEventData(data: string): unknown {
  try {
    return JSON.parse(data);
  } catch {
    throw new UpstreamError(502, 'The provider sent a stream event that is not JSON.', { type: 'api_error' });
  }
}

/** A connection that breaks mid-stream is a truncated stream, not an unreachable provider. */
async function* withTruncationReported<T>(events: AsyncIterable<T>, signal: AbortSignal): AsyncGenerator<T> {
  try {
    yield* events;
  } catch (error) {
    if (signal.aborted || error instanceof GatewayError) throw error;
    throw new UpstreamError(502, 'The provider closed the stream before it was complete.', { type: 'api_error', code: 'stream_truncated', cause: error });
  }
}

/**
 * A cold Observable of chunks from a provider whose stream is Server-Sent Events of JSON objects
 * (OpenAI-format upstreams, Anthropic, Cohere). Nothing is sent until subscribed; unsubscribing aborts the upstream call;
 * `data: [DONE]` is left to translators that read raw data (the SSE writer sends the client its own). Once the translator is
 * finished the Observable completes, and the rest of the body is read so the connection can be reused.
 */
export function streamTranslatedSse(options: TranslatedSseStreamOptions): Observable<StreamChunk> {
  const { ctx } = options;
  return new Observable<StreamChunk>((subscriber) => {
    const abort = new AbortController();
    const onClientAbort = () => abort.abort();
    ctx.signal.addEventListener('abort', onClientAbort, { once: true });
    let completed = false;

    const emit = (chunks: StreamChunk[]) => {
      for (const chunk of chunks) subscriber.next(chunk);
    };

    const run = async () => {
      const response = await options.open(abort.signal);
      if (response.statusCode < 200 || response.statusCode >= 300) {
        throw options.toError(response.statusCode, response.headers, await response.body.text());
      }
      const translator = options.createTranslator();
      for await (const event of withTruncationReported(readSseEvents(response.body), abort.signal)) {
        if (completed) continue;
        if (translator.translateData) emit(translator.translateData(event.data));
        else if (event.data !== '[DONE]') emit(translator.translate(parseEventData(event.data)));
        if (translator.finished) {
          completed = true;
          subscriber.complete();
          continue;
        }
        const wait = ctx.flow?.ready();
        if (wait) await wait;
      }
      if (completed) return;
      emit(translator.flush());
      completed = true;
      subscriber.complete();
    };

    run().catch((error: unknown) => {
      if (!completed && !subscriber.closed) subscriber.error(error);
    });
    return () => {
      ctx.signal.removeEventListener('abort', onClientAbort);
      if (!completed) abort.abort();
    };
  });
}
