import { Inject, Injectable } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import type { Request, Response } from 'express';
import { defaultIfEmpty, map, Observable } from 'rxjs';
import type { ChatCompletionRequest } from '../common/openai/chat-completion.types.js';
import { ResponseFlowControl, SseWriter } from '../common/sse/sse-writer.js';
import { GatewayTelemetry } from '../common/telemetry/gateway-telemetry.service.js';
import { serverConfig } from '../config/server.config.js';
import type { ProviderCallContext } from '../providers/llm-provider.js';
import { ProviderRouter } from '../providers/provider-router.js';

/** What the request log line and metrics learn about a routed request. */
export interface RouteInfo {
  provider: string;
  model: string;
}

@Injectable()
export class ChatService {
  constructor(
    private readonly router: ProviderRouter,
    private readonly telemetry: GatewayTelemetry,
    @Inject(serverConfig.KEY) private readonly server: ConfigType<typeof serverConfig>,
  ) {}

  /**
   * Routes the request and answers it: one JSON body, or an SSE stream. The returned Observable
   * emits what was sent (once per write for streams) and completes when the response is done.
   */
  complete(body: ChatCompletionRequest, explicitProvider: string | undefined, request: Request, response: Response): Observable<unknown> {
    const route = this.router.resolve(body.model, explicitProvider);
    response.locals.route = { provider: route.provider.id, model: route.upstreamModel } satisfies RouteInfo;

    // Measures the provider call (span, timings, usage); passes everything through when telemetry is off.
    const call = this.telemetry.startChatCall(request, { provider: route.provider.id, model: route.upstreamModel }, body);
    const abort = new AbortController();
    response.once('close', () => {
      if (!response.writableFinished) abort.abort();
    });
    const ctx: ProviderCallContext = {
      upstreamModel: route.upstreamModel,
      credentials: route.credentials,
      signal: abort.signal,
      requestId: String(request.id ?? ''),
      includeUsage: body.stream_options?.include_usage === true,
      onUsage: call.onUsage,
    };

    if (body.stream === true) {
      const flow = new ResponseFlowControl(response, this.server.writeTimeoutMs);
      const chunks = call.observeStream(route.provider.streamChatCompletion(body, { ...ctx, flow }));
      return SseWriter.write(response, chunks, flow).pipe(defaultIfEmpty(null));
    }
    return fromAbortable(abort, () => call.observeCompletion(() => route.provider.createChatCompletion(body, ctx))).pipe(
      map((completion) => {
        response.status(200).json(completion);
        return completion;
      }),
    );
  }
}

/** A call as an Observable whose unsubscription before it settles (a timeout) aborts it. */
function fromAbortable<T>(abort: AbortController, call: () => Promise<T>): Observable<T> {
  return new Observable<T>((subscriber) => {
    let settled = false;
    call().then(
      (value) => {
        settled = true;
        subscriber.next(value);
        subscriber.complete();
      },
      (error: unknown) => {
        settled = true;
        subscriber.error(error);
      },
    );
    return () => {
      if (!settled) abort.abort();
    };
  });
}
