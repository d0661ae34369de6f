import type { Response } from 'express';
import { Observable } from 'rxjs';
import { ClientClosedRequestError, type GatewayError } from '../errors/gateway-error.js';
import type { FlowControl } from '../../providers/llm-provider.js';
import { SerializedChunk } from '../openai/chat-completion.types.js';

const DONE = 'data: [DONE]\n\n';
const STREAM_HEADERS = {
  'content-type': 'text/event-stream; charset=utf-8',
  'cache-control': 'no-cache, no-transform',
  'x-accel-buffering': 'no',
};

/**
 * Backpressure towards the upstream: once the socket buffer is full, `ready()` returns a promise
 * that settles on `drain`. A client that does not read for `writeTimeoutMs` is disconnected.
 */
export class ResponseFlowControl implements FlowControl {
  private pending: Promise<void> | undefined;

  constructor(
    private readonly response: Response,
    private readonly writeTimeoutMs: number,
  ) {}

  wrote(flushed: boolean): void {
    if (flushed || this.pending) return;
    this.pending = new Promise<void>((resolve) => {
      const timer = setTimeout(() => this.response.destroy(), this.writeTimeoutMs);
      const settle = () => {
        clearTimeout(timer);
        this.response.off('drain', settle);
        this.response.off('close', settle);
        this.pending = undefined;
        resolve();
      };
      this.response.on('drain', settle);
      this.response.on('close', settle);
    });
  }

  ready(): Promise<void> | undefined {
    return this.pending;
  }
}

const pendingFrames = new WeakMap<Response, FrameBatcher<unknown>>();

/**
 * Collects the frames produced within one turn of the event loop and writes them at once: an
 * upstream read usually carries many events, and one write (one syscall, one chunked-encoding
 * frame) per read instead of one per event is most of the cost of relaying a stream.
 */
class FrameBatcher<T = unknown> {
  private buffer = '';
  private scheduled = false;
  private last: T | undefined;

  constructor(
    private readonly response: Response,
    private readonly flow: ResponseFlowControl,
    private readonly written: (last: T) => void = () => undefined,
  ) {}

  /** Whether any frame was produced: the stream has started even if it is not flushed yet. */
  started = false;

  add(frame: string, value: T): void {
    this.started = true;
    this.buffer += frame;
    this.last = value;
    if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(() => this.flush());
    }
  }

  end(lastFrame: string): void {
    this.ensureHeaders();
    const rest = this.buffer + lastFrame;
    this.buffer = '';
    if (!this.response.writableEnded && !this.response.destroyed) this.response.end(rest);
  }

  private flush(): void {
    this.scheduled = false;
    if (!this.buffer || this.response.writableEnded || this.response.destroyed) return;
    this.ensureHeaders();
    const data = this.buffer;
    this.buffer = '';
    this.flow.wrote(this.response.write(data));
    this.written(this.last as T);
  }

  private ensureHeaders(): void {
    if (!this.response.headersSent) this.response.writeHead(200, STREAM_HEADERS);
  }
}

/**
 * The only place that frames Server-Sent Events. Headers go out with the first chunk, so an
 * upstream error before any byte keeps its HTTP status; `[DONE]` ends a complete stream; a stream
 * that fails after the headers ends with one `data: {"error": ...}` event and no `[DONE]`
 * (written by the exception filter through `fail`).
 */
export class SseWriter {
  /**
   * Writes every value of `source` as a `data:` frame and passes it on, so operators downstream
   * (timeouts, tracing) see each chunk as it leaves. If the client goes away the source is
   * unsubscribed at once (which aborts the upstream call) and the result errors with 499.
   */
  static write<T>(response: Response, source: Observable<T>, flow: ResponseFlowControl): Observable<T> {
    return new Observable<T>((subscriber) => {
      // Downstream (timeouts, the framework) hears once per write, not once per chunk.
      const frames = new FrameBatcher<T>(response, flow, (last) => subscriber.next(last));
      pendingFrames.set(response, frames as FrameBatcher<unknown>);
      const onClose = () => {
        if (response.writableFinished) return;
        subscription.unsubscribe();
        subscriber.error(new ClientClosedRequestError('The client closed the stream.'));
      };
      response.once('close', onClose);
      const subscription = source.subscribe({
        next: (value) => frames.add(`data: ${value instanceof SerializedChunk ? value.json : JSON.stringify(value)}\n\n`, value),
        error: (error) => subscriber.error(error),
        complete: () => {
          frames.end(DONE);
          subscriber.complete();
        },
      });
      return () => {
        response.off('close', onClose);
        subscription.unsubscribe();
      };
    });
  }

  /** Whether the response is a stream that has begun (its error must then be an SSE event). */
  static hasStarted(response: Response): boolean {
    return response.headersSent || pendingFrames.get(response)?.started === true;
  }

  /** Ends a stream whose headers are out with one error event (no `[DONE]`: the answer is incomplete). */
  static fail(response: Response, error: GatewayError): void {
    if (response.writableEnded || response.destroyed) return;
    const frame = `data: ${JSON.stringify(error.toBody())}\n\n`;
    const frames = pendingFrames.get(response);
    if (frames) frames.end(frame);
    else response.end(frame);
  }
}
