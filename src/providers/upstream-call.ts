import { Observable } from 'rxjs';
import { GatewayError, UpstreamError } from '../common/errors/gateway-error.js';
import type { UpstreamResponse } from '../common/http/upstream-client.js';
import { readUpstreamErrorText, readUpstreamJson, readUpstreamText } from '../common/http/upstream-body.js';
import { readSseEvents } from '../common/sse/sse-reader.js';
import type { HubEvent } from '../hub/hub-event.js';
import type { ProviderCallContext } from './llm-provider.js';

type Headers = UpstreamResponse['headers'];

/** A pure, stateful reading of one provider's stream events as hub events. */
export interface SseDecoder {
  /** One upstream event (its raw `data`, `[DONE]` included, and its name) in; zero or more hub events out. Throws the error an error event stands for. */
  decode(data: string, event: string | undefined): HubEvent[];
  /** The upstream body ended: the events still owed, or the error for a stream that stopped early. */
  flush(): HubEvent[];
  /** True once the provider's final event was read (nothing more is emitted). */
  readonly finished: boolean;
}

interface UpstreamCallOptions {
  /** Sends the upstream request; called once per subscription. */
  open(signal: AbortSignal): Promise<UpstreamResponse>;
  /** Maps a non-2xx upstream answer to the error the client gets. */
  toError(status: number, headers: Headers, bodyText: string): GatewayError;
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

export function truncatedStream(): UpstreamError {
  return new UpstreamError(502, 'The provider closed the stream before it was complete.', { type: 'api_error', code: 'stream_truncated' });
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
 * Runs one upstream call as a cold Observable: nothing is sent until it is subscribed, and
 * unsubscribing (or the client's signal) aborts the upstream request.
 */
function upstreamCall<T>(
  ctx: ProviderCallContext,
  run: (signal: AbortSignal, emit: (events: T[]) => void, complete: () => void) => Promise<void>,
): Observable<T> {
  return new Observable<T>((subscriber) => {
    const abort = new AbortController();
    const onClientAbort = () => abort.abort();
    ctx.signal.addEventListener('abort', onClientAbort, { once: true });
    let completed = false;
    const emit = (events: T[]) => {
      for (const event of events) subscriber.next(event);
    };
    const complete = () => {
      if (completed) return;
      completed = true;
      subscriber.complete();
    };
    run(abort.signal, emit, complete).then(complete, (error: unknown) => {
      if (!completed && !subscriber.closed) subscriber.error(error);
      completed = true;
    });
    return () => {
      ctx.signal.removeEventListener('abort', onClientAbort);
      if (!completed) abort.abort();
    };
  });
}

async function openOrThrow(options: UpstreamCallOptions, signal: AbortSignal): Promise<UpstreamResponse> {
  const response = await options.open(signal);
  options.ctx.onResponseHeaders?.(response.headers);
  if (response.statusCode < 200 || response.statusCode >= 300) {
    throw options.toError(response.statusCode, response.headers, await readUpstreamErrorText(response.body));
  }
  return response;
}

/**
 * A provider call answered with Server-Sent Events, decoded into hub events. Once the decoder has
 * read the final event the Observable completes (the rest of the body is read, so the connection
 * can be reused); a body that ends before that is a truncated stream.
 */
export function streamUpstreamSse(options: UpstreamCallOptions & { createDecoder(): SseDecoder }): Observable<HubEvent> {
  const { ctx } = options;
  return upstreamCall<HubEvent>(ctx, async (signal, emit, complete) => {
    await readStream(await openOrThrow(options, signal), options, ctx, signal, emit, complete);
  });
}

/** Reads a provider's event stream to its end, its events decoded as they come (given the client's backpressure). */
async function readStream(
  response: UpstreamResponse,
  options: { createDecoder(): SseDecoder },
  ctx: ProviderCallContext,
  signal: AbortSignal,
  emit: (events: HubEvent[]) => void,
  complete: () => void,
): Promise<void> {
  const decoder = options.createDecoder();
  let finished = false;
  for await (const event of withTruncationReported(readSseEvents(response.body, ctx.limits.maxStreamEventBytes), signal)) {
    if (finished) continue;
    emit(decoder.decode(event.data, event.event));
    if (decoder.finished) {
      finished = true;
      complete();
      continue;
    }
    const wait = ctx.flow?.ready();
    if (wait) await wait;
  }
  if (!finished) emit(decoder.flush());
}

/**
 * A provider call whose answer is relayed as it comes, as the provider chose to answer: read as
 * Server-Sent Events when it sends `text/event-stream`, else as one body of text.
 */
export function relayUpstreamAnswer(options: UpstreamCallOptions & { createDecoder(): SseDecoder; decode(text: string): HubEvent[] }): Observable<HubEvent> {
  const { ctx } = options;
  return upstreamCall<HubEvent>(ctx, async (signal, emit, complete) => {
    const response = await openOrThrow(options, signal);
    const type = response.headers['content-type'];
    if (typeof type === 'string' && type.toLowerCase().startsWith('text/event-stream')) await readStream(response, options, ctx, signal, emit, complete);
    else emit(options.decode(await readUpstreamText(response.body, ctx.limits.maxResponseBodyBytes)));
  });
}

/** A provider call answered with one body, kept as text (a relay sends it on as it came), decoded into the hub events of the whole answer. */
export function callUpstreamText(options: UpstreamCallOptions & { decode(text: string): HubEvent[] }): Observable<HubEvent> {
  return upstreamCall<HubEvent>(options.ctx, async (signal, emit) => {
    const response = await openOrThrow(options, signal);
    emit(options.decode(await readUpstreamText(response.body, options.ctx.limits.maxResponseBodyBytes)));
  });
}

/** A provider call answered with one JSON body, decoded into the hub events of the whole answer (or another answer: `T`). */
export function callUpstreamJson<T = HubEvent>(options: UpstreamCallOptions & { decode(body: unknown): T[] }): Observable<T> {
  return upstreamCall<T>(options.ctx, async (signal, emit) => {
    const response = await openOrThrow(options, signal);
    emit(options.decode(await readUpstreamJson(response.body, options.ctx.limits.maxResponseBodyBytes)));
  });
}
