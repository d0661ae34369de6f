import type { Response } from 'express';
import { ClsServiceManager } from 'nestjs-cls';
import { map, Observable, reduce } from 'rxjs';
import type { RequestContext } from '../../common/context/request-context.js';
import type { GatewayError } from '../../common/errors/gateway-error.js';
import type { HubEvent } from '../../hub/hub-event.js';
import { HubResponseBuilder, type HubResponse } from '../../hub/hub-response.js';
import type { FlowControl } from '../../common/http/flow-control.js';
import { withHeartbeat } from './heartbeat.js';
import type { IngressDialect } from './ingress-dialect.js';
import { setRouteHeaders } from './route-headers.js';
import { ResponseFlowControl, SseResponse } from './sse-response.js';

/** An abort signal for the work done for a response: aborted when the client goes away before it is complete. */
export function clientGone(response: Response): AbortSignal {
  const abort = new AbortController();
  if (response.closed && !response.writableFinished) abort.abort();
  response.once('close', () => {
    if (!response.writableFinished) abort.abort();
  });
  return abort.signal;
}

/**
 * Answers with a stream: the events `run` produces (given the client's backpressure), each
 * rendered as frames by `encode`, written as Server-Sent Events in the dialect's framing. `fail`
 * gives the last frames of a stream that breaks, when they depend on what was sent (else the
 * dialect's error event). The headers, written with the first frame, say where the request went.
 */
export function answerWithStream(
  response: Response,
  context: RequestContext,
  options: {
    dialect: IngressDialect;
    writeTimeoutMs: number;
    encode(event: HubEvent): string[];
    run(flow: FlowControl): Observable<HubEvent>;
    /** Keep-alive frames written when nothing was for `intervalMs` (none when `frames()` gives none). */
    heartbeat?: { intervalMs: number; frames(): string[] };
    fail?: (error: GatewayError) => string;
  },
): Observable<void> {
  const flow = new ResponseFlowControl(response, options.writeTimeoutMs);
  const encoded = options.run(flow).pipe(map((event) => options.encode(event)));
  const heartbeat = options.heartbeat;
  const frames = heartbeat ? encoded.pipe(withHeartbeat(heartbeat.intervalMs, () => heartbeat.frames())) : encoded;
  return SseResponse.write(response, frames, flow, options.dialect, (stream) => (context.stream = stream), {
    ...(options.fail ? { errorFrame: options.fail } : {}),
    beforeHeaders: () => setRouteHeaders(response, context),
  });
}

/**
 * Answers with one JSON body: the whole answer, assembled from its events and rendered by
 * `render` (JSON text is sent as it is), with headers saying where it went (read from the
 * request's context).
 */
export function answerWithJson(response: Response, events: Observable<HubEvent>, render: (answer: HubResponse) => unknown): Observable<unknown> {
  return events.pipe(
    reduce((builder, event) => {
      builder.add(event);
      return builder;
    }, new HubResponseBuilder()),
    map((builder) => {
      const body = render(builder.result());
      const cls = ClsServiceManager.getClsService<RequestContext>();
      setRouteHeaders(response, cls.isActive() ? cls.get() : undefined);
      if (typeof body === 'string') response.status(200).type('application/json').send(body);
      else response.status(200).json(body);
      return body;
    }),
  );
}
