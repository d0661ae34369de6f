import { context, SpanKind, SpanStatusCode, trace, type Attributes, type Context, type Span, type Tracer } from '@opentelemetry/api';
import { performance } from 'node:perf_hooks';
import { Observable } from 'rxjs';
import type { HubEvent } from '../../hub/hub-event.js';
import type { HubUsage } from '../../hub/hub-usage.js';
import { UpstreamError, type GatewayError } from '../errors/gateway-error.js';
import { toOpenAiFinishReason } from '../openai/openai-finish-reason.js';
import type { GatewayMetrics, GenAiLabels } from './gateway-metrics.js';
import { ATTRIBUTE, CHAT_OPERATION, OTHER } from './gen-ai.conventions.js';
import { isUpstreamFailure, mapErrorType } from './map-error-type.js';

/** What a provider call's span records of the request. */
export interface CallSettings {
  stream: boolean;
  /** The request's call number (retries and fallbacks make more than one). */
  attempt?: number;
  /** The routing file's alias (or routed id) the call was made for. */
  alias?: string;
  /** The model call's number in the request's tool loop. */
  iteration?: number;
  maxTokens?: number;
  temperature?: number;
  topP?: number;
}

/**
 * Follows one chat request's provider call: a client span (`chat <model>`) around it, the
 * upstream timings, the first chunk, usage, response model and finish reasons. `endCall()` ends
 * the span when the call ends; `end()` records the request's metrics (those of its last call)
 * once the response is complete or failed.
 */
export class ChatCallTelemetry {
  private upstreamStartedAt: number | undefined;
  private upstreamEndedAt: number | undefined;
  private firstChunkAt: number | undefined;
  private usage: HubUsage | undefined;
  private responseModel: string | undefined;
  private responseId: string | undefined;
  private readonly finishReasons: string[] = [];
  private span: Span | undefined;
  private spanEnded = false;
  private ended = false;
  private tokensRecorded = false;

  constructor(
    private readonly metrics: GatewayMetrics,
    private readonly tracer: Tracer | undefined,
    private readonly labels: GenAiLabels,
    private readonly receivedAt: number,
    private readonly settings: CallSettings,
  ) {}

  /** Watches the call's events: the upstream timings, the first event of a stream, usage, model and finish reasons. */
  observe(source: Observable<HubEvent>): Observable<HubEvent> {
    const stream = this.settings.stream;
    return new Observable<HubEvent>((subscriber) => {
      const callContext = this.startUpstream();
      if (stream) this.metrics.streamOpened(this.labels.provider);
      const subscription = context.with(callContext, () =>
        source.subscribe({
          next: (event) => {
            this.readEvent(event);
            subscriber.next(event);
          },
          error: (error: unknown) => {
            this.upstreamEnded();
            subscriber.error(error);
          },
          complete: () => {
            this.upstreamEnded();
            subscriber.complete();
          },
        }),
      );
      return () => {
        subscription.unsubscribe();
        this.upstreamEnded();
        if (stream) this.metrics.streamClosed(this.labels.provider);
      };
    });
  }

  /** Records the request's metrics and ends its span; `error` is what the client was answered with. */
  end(error?: GatewayError): void {
    if (this.ended) return;
    this.ended = true;
    const now = performance.now();
    const errorType = error ? mapErrorType(error) : undefined;
    // A model the provider does not know says nothing about traffic and is chosen by the client.
    const labels = error instanceof UpstreamError && error.status === 404 ? { ...this.labels, model: OTHER } : this.labels;
    const requestSeconds = (now - this.receivedAt) / 1000;
    this.metrics.recordRequest(labels, requestSeconds, errorType);
    if (this.upstreamStartedAt !== undefined) {
      const upstreamSeconds = ((this.upstreamEndedAt ?? now) - this.upstreamStartedAt) / 1000;
      this.metrics.recordProviderCall(labels, upstreamSeconds, errorType);
      this.metrics.recordOverhead(labels.provider, requestSeconds - upstreamSeconds);
    }
    if (this.usage && !this.tokensRecorded) this.metrics.recordTokens(labels, this.usage.inputTokens, this.usage.outputTokens);
    if (this.firstChunkAt !== undefined) this.metrics.recordTimeToFirstToken(labels, (this.firstChunkAt - this.receivedAt) / 1000);
    if (error && errorType && isUpstreamFailure(error)) {
      this.metrics.recordUpstreamError(labels.provider, errorType, error instanceof UpstreamError ? error.status : undefined);
    }
    this.endSpan(error, errorType);
  }

  /** Ends the call's span once the call itself has ended (the request may go on with another call). */
  endCall(error?: GatewayError): void {
    this.upstreamEnded();
    // Each model call of a tool loop used its own tokens; the request's metrics are recorded from its last call only.
    if (this.settings.iteration !== undefined && this.usage && !this.tokensRecorded) {
      this.tokensRecorded = true;
      this.metrics.recordTokens(this.labels, this.usage.inputTokens, this.usage.outputTokens);
    }
    this.endSpan(error, error ? mapErrorType(error) : undefined);
  }

  private startUpstream(): Context {
    this.upstreamStartedAt = performance.now();
    if (!this.tracer) return context.active();
    this.span = this.tracer.startSpan(`${this.labels.operation ?? CHAT_OPERATION} ${this.labels.model}`, {
      kind: SpanKind.CLIENT,
      attributes: this.requestAttributes(),
    });
    return trace.setSpan(context.active(), this.span);
  }

  private upstreamEnded(): void {
    this.upstreamEndedAt ??= performance.now();
  }

  private readEvent(event: HubEvent): void {
    if (this.settings.stream) this.firstChunkAt ??= performance.now();
    switch (event.type) {
      case 'response-start':
        this.responseModel ??= event.model;
        this.responseId ??= event.id;
        return;
      case 'usage':
        this.usage = event.usage;
        return;
      case 'finish':
        this.finishReasons[event.choice ?? 0] = toOpenAiFinishReason(event.finish);
        return;
    }
  }

  private requestAttributes(): Attributes {
    const attributes: Attributes = {
      [ATTRIBUTE.operationName]: this.labels.operation ?? CHAT_OPERATION,
      [ATTRIBUTE.providerName]: this.labels.provider,
      [ATTRIBUTE.requestModel]: this.labels.model,
      [ATTRIBUTE.stream]: this.settings.stream,
    };
    const { maxTokens, temperature, topP } = this.settings;
    if (typeof maxTokens === 'number') attributes[ATTRIBUTE.requestMaxTokens] = maxTokens;
    if (typeof temperature === 'number') attributes[ATTRIBUTE.requestTemperature] = temperature;
    if (typeof topP === 'number') attributes[ATTRIBUTE.requestTopP] = topP;
    if (this.settings.attempt !== undefined) attributes[ATTRIBUTE.attempt] = this.settings.attempt;
    if (this.settings.alias !== undefined) attributes[ATTRIBUTE.alias] = this.settings.alias;
    if (this.settings.iteration !== undefined) attributes[ATTRIBUTE.iteration] = this.settings.iteration;
    return attributes;
  }

  private endSpan(error: GatewayError | undefined, errorType: string | undefined): void {
    const span = this.span;
    if (!span || this.spanEnded) return;
    this.spanEnded = true;
    if (this.responseModel) span.setAttribute(ATTRIBUTE.responseModel, this.responseModel);
    if (this.responseId) span.setAttribute(ATTRIBUTE.responseId, this.responseId);
    const finishReasons = this.finishReasons.filter((reason) => typeof reason === 'string');
    if (finishReasons.length > 0) span.setAttribute(ATTRIBUTE.responseFinishReasons, finishReasons);
    if (this.usage) {
      span.setAttribute(ATTRIBUTE.usageInputTokens, this.usage.inputTokens);
      span.setAttribute(ATTRIBUTE.usageOutputTokens, this.usage.outputTokens);
    }
    if (error && errorType) {
      span.setAttribute(ATTRIBUTE.errorType, errorType);
      if (error instanceof UpstreamError) span.setAttribute(ATTRIBUTE.httpStatusCode, error.status);
      span.setStatus({ code: SpanStatusCode.ERROR, message: error.message });
    }
    span.end(this.upstreamEndedAt);
  }
}
