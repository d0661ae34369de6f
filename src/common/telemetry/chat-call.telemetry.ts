import { context, SpanKind, SpanStatusCode, trace, type Attributes, type Context, type Span, type Tracer } from '@opentelemetry/api';
import { performance } from 'node:perf_hooks';
import { Observable } from 'rxjs';
import { UpstreamError, type GatewayError } from '../errors/gateway-error.js';
import { SerializedChunk, type ChatCompletion, type ChatCompletionRequest, type CompletionUsage, type StreamChunk } from '../openai/chat-completion.types.js';
import type { GatewayMetrics, GenAiLabels } from './gateway-metrics.js';
import { ATTRIBUTE, CHAT_OPERATION, OTHER } from './gen-ai.conventions.js';
import { isUpstreamFailure, mapErrorType } from './map-error-type.js';

/** What the chat flow asks of telemetry for one provider call. */
export interface ChatCall {
  /** Set when telemetry wants a stream's usage even if the client did not ask for it. */
  readonly onUsage?: (usage: CompletionUsage) => void;
  observeCompletion(call: () => Promise<ChatCompletion>): Promise<ChatCompletion>;
  observeStream(source: Observable<StreamChunk>): Observable<StreamChunk>;
}

/** The call a disabled gateway makes: passes everything through untouched. */
export const UNOBSERVED_CALL: ChatCall = {
  observeCompletion: (call) => call(),
  observeStream: (source) => source,
};

/**
 * Follows one chat request's provider call: a client span (`chat <model>`) around it, the
 * upstream timings, the first chunk, usage, response model and finish reasons. `end()` records
 * the request's metrics once the response is complete or failed.
 */
export class ChatCallTelemetry implements ChatCall {
  readonly onUsage = (usage: CompletionUsage): void => {
    this.usage = usage;
  };
  private upstreamStartedAt: number | undefined;
  private upstreamEndedAt: number | undefined;
  private firstChunkAt: number | undefined;
  private usage: CompletionUsage | undefined;
  private responseModel: string | undefined;
  private responseId: string | undefined;
  private readonly finishReasons: string[] = [];
  private span: Span | undefined;
  private ended = false;

  constructor(
    private readonly metrics: GatewayMetrics,
    private readonly tracer: Tracer | undefined,
    private readonly labels: GenAiLabels,
    private readonly receivedAt: number,
    private readonly request: ChatCompletionRequest,
  ) {}

  observeCompletion(call: () => Promise<ChatCompletion>): Promise<ChatCompletion> {
    const callContext = this.startUpstream();
    return context.with(callContext, call).then(
      (completion) => {
        this.upstreamEnded();
        this.readCompletion(completion);
        return completion;
      },
      (error: unknown) => {
        this.upstreamEnded();
        throw error;
      },
    );
  }

  observeStream(source: Observable<StreamChunk>): Observable<StreamChunk> {
    return new Observable<StreamChunk>((subscriber) => {
      const callContext = this.startUpstream();
      this.metrics.streamOpened(this.labels.provider);
      const subscription = context.with(callContext, () =>
        source.subscribe({
          next: (chunk) => {
            this.readChunk(chunk);
            subscriber.next(chunk);
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
        this.metrics.streamClosed(this.labels.provider);
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
    if (this.usage) this.metrics.recordTokens(labels, this.usage.prompt_tokens, this.usage.completion_tokens);
    if (this.firstChunkAt !== undefined) this.metrics.recordTimeToFirstToken(labels, (this.firstChunkAt - this.receivedAt) / 1000);
    if (error && errorType && isUpstreamFailure(error)) {
      this.metrics.recordUpstreamError(labels.provider, errorType, error instanceof UpstreamError ? error.status : undefined);
    }
    this.endSpan(error, errorType);
  }

  private startUpstream(): Context {
    this.upstreamStartedAt = performance.now();
    if (!this.tracer) return context.active();
    this.span = this.tracer.startSpan(`${CHAT_OPERATION} ${this.labels.model}`, { kind: SpanKind.CLIENT, attributes: this.requestAttributes() });
    return trace.setSpan(context.active(), this.span);
  }

  private upstreamEnded(): void {
    this.upstreamEndedAt ??= performance.now();
  }

  private readCompletion(completion: ChatCompletion): void {
    this.responseModel = completion?.model;
    this.responseId = completion?.id;
    if (completion?.usage) this.usage = completion.usage;
    if (Array.isArray(completion?.choices)) {
      for (const choice of completion.choices) if (choice.finish_reason) this.finishReasons[choice.index ?? 0] = choice.finish_reason;
    }
  }

  /** Relayed chunks (still serialised) carry nothing telemetry needs: finish reasons and usage are always parsed. */
  private readChunk(chunk: StreamChunk): void {
    this.firstChunkAt ??= performance.now();
    if (chunk instanceof SerializedChunk) return;
    this.responseModel ??= chunk.model;
    this.responseId ??= chunk.id;
    if (chunk.usage) this.usage = chunk.usage;
    if (!Array.isArray(chunk.choices)) return;
    for (const choice of chunk.choices) if (choice.finish_reason) this.finishReasons[choice.index ?? 0] = choice.finish_reason;
  }

  private requestAttributes(): Attributes {
    const attributes: Attributes = {
      [ATTRIBUTE.operationName]: CHAT_OPERATION,
      [ATTRIBUTE.providerName]: this.labels.provider,
      [ATTRIBUTE.requestModel]: this.labels.model,
      [ATTRIBUTE.stream]: this.request.stream === true,
    };
    const maxTokens = this.request.max_completion_tokens ?? this.request.max_tokens;
    if (typeof maxTokens === 'number') attributes[ATTRIBUTE.requestMaxTokens] = maxTokens;
    if (typeof this.request.temperature === 'number') attributes[ATTRIBUTE.requestTemperature] = this.request.temperature;
    if (typeof this.request.top_p === 'number') attributes[ATTRIBUTE.requestTopP] = this.request.top_p;
    return attributes;
  }

  private endSpan(error: GatewayError | undefined, errorType: string | undefined): void {
    const span = this.span;
    if (!span) return;
    if (this.responseModel) span.setAttribute(ATTRIBUTE.responseModel, this.responseModel);
    if (this.responseId) span.setAttribute(ATTRIBUTE.responseId, this.responseId);
    const finishReasons = this.finishReasons.filter((reason) => typeof reason === 'string');
    if (finishReasons.length > 0) span.setAttribute(ATTRIBUTE.responseFinishReasons, finishReasons);
    if (this.usage) {
      if (typeof this.usage.prompt_tokens === 'number') span.setAttribute(ATTRIBUTE.usageInputTokens, this.usage.prompt_tokens);
      if (typeof this.usage.completion_tokens === 'number') span.setAttribute(ATTRIBUTE.usageOutputTokens, this.usage.completion_tokens);
    }
    if (error && errorType) {
      span.setAttribute(ATTRIBUTE.errorType, errorType);
      if (error instanceof UpstreamError) span.setAttribute(ATTRIBUTE.httpStatusCode, error.status);
      span.setStatus({ code: SpanStatusCode.ERROR, message: error.message });
    }
    span.end(this.upstreamEndedAt);
  }
}
