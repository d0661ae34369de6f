import { Inject, Injectable } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { ClsService } from 'nestjs-cls';
import { concat, concatMap, defer, EMPTY, from, ignoreElements, Observable, of, switchMap, throwError } from 'rxjs';
import type { RequestContext } from '../common/context/request-context.js';
import { LARGE_BODY_BYTES } from '../common/http/json-body.js';
import { fromError } from '../common/errors/from-error.js';
import { headersWithoutSecret } from '../common/errors/redact-secrets.js';
import { InvalidRequestError, UpstreamTimeoutError } from '../common/errors/gateway-error.js';
import { clientConfig } from '../config/client.config.js';
import type { HubEmbeddingResponse } from '../hub/hub-embedding.js';
import type { HubEvent } from '../hub/hub-event.js';
import { addUsage, type HubUsage } from '../hub/hub-usage.js';
import type { FlowControl } from '../common/http/flow-control.js';
import type { ProviderCallContext } from '../providers/llm-provider.js';
import type { ProviderCall } from './hooks/call-hook.js';
import { CallHooks } from './hooks/call-hooks.js';
import { markRefusal } from './policies/deployment-failure.js';
import { idleTimeout } from './policies/idle-timeout.js';
import type { EmbeddingsInferenceRequest, ImagesInferenceRequest, InferenceRequest } from './inference-request.js';
import { AttemptRunner } from './routing/attempt-runner.js';
import { ProviderRouter, type Route } from './routing/provider-router.js';
import { ServerToolSources } from './tools/server-tool-sources.js';
import { runToolLoop } from './tools/tool-loop.js';

export interface ExecuteOptions {
  /** Aborted when the client goes away. */
  signal: AbortSignal;
  /** Backpressure from the client, for streams. */
  flow?: FlowControl;
}

/**
 * Serves one inference request, whatever its dialect, without knowing HTTP: routes it (a routed
 * plan runs with its retries, breakers and fallbacks, see AttemptRunner), runs the call hooks
 * around each provider call, relays it when the provider speaks the client's dialect
 * or translates it through the hub otherwise, bounds the wait (time to the first event, then the
 * silence between events of a stream; a whole non-streaming call), and keeps the request's usage.
 * When the gateway has tools of its own (MCP), it adds them to the request and runs the tool loop:
 * each model call of it is routed and hooked like any call, and always translated. The answer is
 * a cold Observable of hub events.
 */
@Injectable()
export class InferenceService {
  constructor(
    private readonly router: ProviderRouter,
    private readonly hooks: CallHooks,
    private readonly attempts: AttemptRunner,
    private readonly cls: ClsService<RequestContext>,
    private readonly serverTools: ServerToolSources,
    @Inject(clientConfig.KEY) private readonly timeouts: ConfigType<typeof clientConfig>,
  ) {}

  execute(request: InferenceRequest, options: ExecuteOptions): Observable<HubEvent> {
    if (this.serverTools.appliesTo(request)) {
      return runToolLoop({
        request,
        signal: options.signal,
        open: (clientTools) => this.serverTools.open(clientTools),
        call: (iterationRequest, iteration) =>
          defer(() => this.routed(iterationRequest, options, (route, attempt) => this.call(iterationRequest, route, attempt, options, iteration))),
      });
    }
    return defer(() => this.routed(request, options, (route, attempt) => this.call(request, route, attempt, options)));
  }

  /** Whether the gateway adds tools of its own to this request (then it is translated, never relayed). */
  addsServerTools(request: InferenceRequest): boolean {
    return this.serverTools.appliesTo(request);
  }

  /**
   * Serves an embeddings request as `execute` serves the others: routed (an alias's deployments
   * tried in turn), the call hooks around each provider call (which they see as a response start
   * and its usage), bounded as a non-streaming call, its usage kept. A provider without embeddings
   * is refused with a 400 naming it.
   */
  embed(request: EmbeddingsInferenceRequest, options: ExecuteOptions): Observable<HubEmbeddingResponse> {
    return defer(() => {
      let answer: HubEmbeddingResponse | undefined;
      const events = this.routed(request, options, (route, attempt) => this.embedCall(request, route, attempt, options, (response) => (answer = response)));
      return concat(
        events.pipe(ignoreElements()),
        defer(() => (answer ? of(answer) : EMPTY)),
      );
    });
  }

  /**
   * Serves an Images API request: one call, to the model's provider (an alias's first deployment),
   * never retried (a streamed upload cannot be sent twice), with the call hooks around it. A
   * provider without the operation is refused with a 400 naming it.
   */
  images(request: ImagesInferenceRequest, options: ExecuteOptions): Observable<HubEvent> {
    return defer(() => {
      const route = this.router.plan(request.model, request.explicitProvider, request.stream).candidates[0];
      const operation = request.images.operation;
      const images = route.provider.images?.bind(route.provider);
      if (!images || !route.provider.imageOperations?.includes(operation)) {
        const message = `Provider "${route.provider.id}" does not serve images/${operation}; use a provider that does (openai${operation === 'generations' ? ', google' : ''}).`;
        return throwError(() => new InvalidRequestError(message, { param: 'model', code: 'images_not_supported' }));
      }
      return this.attempt(request, route, 1, options, true, undefined, (ctx) => images(request.images, ctx));
    });
  }

  /** A plain `provider/model` is called once; an alias's deployments are tried as its policies say. */
  private routed(request: InferenceRequest, options: ExecuteOptions, open: (route: Route, attempt: number) => Observable<HubEvent>): Observable<HubEvent> {
    const plan = this.router.plan(request.model, request.explicitProvider, request.stream);
    const first = plan.candidates[0];
    if (!first.deployment) return open(first, 1);
    return this.attempts.run(plan, options.signal, request.stream, open);
  }

  /** One call; a call of a tool loop (`iteration`) is always translated: the loop rewrites the request. */
  private call(request: InferenceRequest, route: Route, attempt: number, options: ExecuteOptions, iteration?: number): Observable<HubEvent> {
    const relayable = iteration === undefined && request.translateOnly !== true && route.provider.nativeDialects.includes(request.dialect);
    const relayTo = relayable ? route.provider.relay?.bind(route.provider) : undefined;
    return this.attempt(request, route, attempt, options, relayTo !== undefined, iteration, (ctx) =>
      relayTo
        ? relayTo({ dialect: request.dialect, body: request.body, stream: request.stream, headers: request.headers, query: request.query }, ctx)
        : route.provider.chat(request.hub(), ctx),
    );
  }

  private embedCall(
    request: EmbeddingsInferenceRequest,
    route: Route,
    attempt: number,
    options: ExecuteOptions,
    keep: (response: HubEmbeddingResponse) => void,
  ): Observable<HubEvent> {
    const embed = route.provider.embed?.bind(route.provider);
    if (!embed) {
      const message = `Provider "${route.provider.id}" has no embeddings; use a provider that offers them.`;
      return throwError(() => new InvalidRequestError(message, { param: 'model', code: 'embeddings_not_supported' }));
    }
    return this.attempt(request, route, attempt, options, false, undefined, (ctx) =>
      embed(request.embeddings(), ctx).pipe(
        concatMap((response) => {
          keep(response);
          return from(embeddingEvents(response));
        }),
      ),
    );
  }

  /** One provider call: the call hooks around it, bounded in time, its usage kept. */
  private attempt(
    request: InferenceRequest,
    route: Route,
    attempt: number,
    options: ExecuteOptions,
    relay: boolean,
    iteration: number | undefined,
    open: (ctx: ProviderCallContext) => Observable<HubEvent>,
  ): Observable<HubEvent> {
    const context = this.cls.get();
    context.route = { provider: route.provider.id, model: route.upstreamModel };
    // A tool loop's model calls add up, each with its own retries.
    context.attempts = iteration === undefined ? attempt : (context.attempts ?? 0) + 1;
    context.upstreamHeaders = undefined;
    const call: ProviderCall = { request, route, relay, attempt, context, ...(iteration === undefined ? {} : { iteration }) };
    const ctx: ProviderCallContext = {
      upstreamModel: route.upstreamModel,
      credentials: route.credentials,
      signal: options.signal,
      requestId: context.requestId,
      limits: this.timeouts,
      flow: options.flow,
      // What the answer's headers show of the provider's (its request id, its rate limits) never quotes its key.
      onResponseHeaders: (headers) => (context.upstreamHeaders = headersWithoutSecret(headers, route.credentials.apiKey)),
    };
    const send = () => this.accounted(call, this.hooks.observe(call, this.bounded(open(ctx), request.stream, route.deployment?.timeoutMs)));
    // A hook's refusal is the gateway's own answer: never retried, never counted against a deployment.
    let ready: Promise<void> | undefined;
    try {
      ready = this.hooks.before(call);
    } catch (error) {
      return throwError(() => markRefusal(fromError(error)));
    }
    if (ready) {
      const refused = (error: unknown) => {
        throw markRefusal(fromError(error));
      };
      return from(ready.catch(refused)).pipe(switchMap(send));
    }
    // A large request is translated in a turn of the event loop of its own.
    const turn = !relay && (context.bodyBytes ?? 0) > LARGE_BODY_BYTES ? nextTurn() : undefined;
    return turn ? from(turn).pipe(switchMap(send)) : send();
  }

  /** Time to the first event (a deployment's own `timeout` when it has one), then (streams) the silence between events. */
  private bounded(events: Observable<HubEvent>, stream: boolean, firstEventMs: number | undefined): Observable<HubEvent> {
    const message = stream ? 'The upstream stream went silent for too long.' : 'The upstream provider did not answer in time.';
    return events.pipe(
      idleTimeout(
        firstEventMs ?? (stream ? this.timeouts.responseHeaderTimeoutMs : this.timeouts.timeoutMs),
        stream ? this.timeouts.streamIdleTimeoutMs : undefined,
        () => new UpstreamTimeoutError(message, { code: 'upstream_timeout' }),
      ),
    );
  }

  /** Adds the call's usage to the request's, and tells the hooks how the call ended. */
  private accounted(call: ProviderCall, events: Observable<HubEvent>): Observable<HubEvent> {
    return new Observable<HubEvent>((subscriber) => {
      let usage: HubUsage | undefined;
      const settle = (error?: unknown) => {
        if (usage) call.context.usage = addUsage(call.context.usage, usage);
        this.hooks.after(call, { usage, ...(error === undefined ? {} : { error: fromError(error) }) });
      };
      return events.subscribe({
        next: (event) => {
          if (event.type === 'usage') usage = event.usage;
          subscriber.next(event);
        },
        error: (error: unknown) => {
          settle(error);
          subscriber.error(error);
        },
        complete: () => {
          settle();
          subscriber.complete();
        },
      });
    });
  }
}

const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/** What the hooks see of an embeddings call: who answered, and the input tokens. */
function embeddingEvents(response: HubEmbeddingResponse): HubEvent[] {
  return [
    { type: 'response-start', ...(response.model ? { model: response.model } : {}) },
    { type: 'usage', usage: { inputTokens: response.inputTokens, outputTokens: 0 } },
  ];
}
