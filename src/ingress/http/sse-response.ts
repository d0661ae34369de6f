import type { Response } from 'express';
import { Observable } from 'rxjs';
import type { StartedStream } from '../../common/context/request-context.js';
import { ClientClosedRequestError, type GatewayError } from '../../common/errors/gateway-error.js';
import type { FlowControl } from '../../common/http/flow-control.js';
import type { IngressDialect } from './ingress-dialect.js';

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

/**
 * Collects the frames produced within one turn of the event loop and writes them at once: an
 * upstream read usually carries many events, and one write (one syscall, one chunked-encoding
 * frame) per read instead of one per event is most of the cost of relaying a stream.
 */
class FrameBatcher implements StartedStream {
  private buffer = '';
  private scheduled = false;
  started = false;

  constructor(
    private readonly response: Response,
    private readonly flow: ResponseFlowControl,
    private readonly errorFrame: (error: GatewayError) => string,
    private readonly written: () => void,
    private readonly beforeHeaders?: () => void,
  ) {}

  add(frames: string[]): void {
    if (frames.length === 0) return;
    this.started = true;
    for (const frame of frames) this.buffer += frame;
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

  fail(error: GatewayError): void {
    if (this.response.writableEnded || this.response.destroyed) return;
    this.end(this.errorFrame(error));
  }

  private flush(): void {
    this.scheduled = false;
    if (!this.buffer || this.response.writableEnded || this.response.destroyed) return;
    this.ensureHeaders();
    const data = this.buffer;
    this.buffer = '';
    this.flow.wrote(this.response.write(data));
    this.written();
  }

  private ensureHeaders(): void {
    if (this.response.headersSent) return;
    this.beforeHeaders?.();
    this.response.writeHead(200, STREAM_HEADERS);
  }
}

/**
 * The only place that writes Server-Sent Events, for every dialect. Headers go out with the first
 * frame, so an upstream error before any byte keeps its HTTP status; the dialect's terminator ends
 * a complete stream; a stream that fails after it started ends with the dialect's error event
 * (written by the exception filter through the `StartedStream`).
 */
export const SseResponse = {
  /**
   * Writes every batch of frames of `source` and emits once per write, so operators downstream
   * (timeouts, tracing) see the stream as it leaves. If the client goes away the source is
   * unsubscribed at once (which aborts the upstream call) and the result errors with 499.
   * `register` receives the stream, for the exception filter.
   */
  write(
    response: Response,
    source: Observable<string[]>,
    flow: ResponseFlowControl,
    dialect: IngressDialect,
    register: (stream: StartedStream) => void,
    options: {
      /** Replaces the dialect's error event when it depends on what the stream has sent (a Responses stream numbers its events). */
      errorFrame?: (error: GatewayError) => string;
      /** Runs just before the headers are written (to add some). */
      beforeHeaders?: () => void;
    } = {},
  ): Observable<void> {
    return new Observable<void>((subscriber) => {
      const errorFrame = options.errorFrame ?? ((error: GatewayError) => dialect.sse.errorFrame(error));
      const frames = new FrameBatcher(response, flow, errorFrame, () => subscriber.next(), options.beforeHeaders);
      register(frames);
      const onClose = () => {
        if (response.writableFinished) return;
        subscription.unsubscribe();
        subscriber.error(new ClientClosedRequestError('The client closed the stream.'));
      };
      response.once('close', onClose);
      const subscription = source.subscribe({
        next: (batch) => frames.add(batch),
        error: (error: unknown) => subscriber.error(error),
        complete: () => {
          frames.end(dialect.sse.terminator);
          subscriber.next(); // the last write: downstream always sees one
          subscriber.complete();
        },
      });
      return () => {
        response.off('close', onClose);
        subscription.unsubscribe();
      };
    });
  },
};
