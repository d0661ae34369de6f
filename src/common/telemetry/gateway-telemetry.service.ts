import { Inject, Injectable, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { HttpAdapterHost } from '@nestjs/core';
import { metrics, trace, type Tracer } from '@opentelemetry/api';
import type { IncomingMessage, Server } from 'node:http';
import { performance } from 'node:perf_hooks';
import { telemetryConfig } from '../../config/telemetry.config.js';
import { shutdownTelemetry, TELEMETRY_SCOPE } from '../../telemetry.js';
import type { GatewayError } from '../errors/gateway-error.js';
import type { ChatCompletionRequest } from '../openai/chat-completion.types.js';
import { ChatCallTelemetry, UNOBSERVED_CALL, type ChatCall } from './chat-call.telemetry.js';
import { GatewayMetrics, type GenAiLabels } from './gateway-metrics.js';
import { OTHER } from './gen-ai.conventions.js';
import { mapErrorType } from './map-error-type.js';

const RECEIVED_AT = Symbol('receivedAt');

type StampedRequest = IncomingMessage & { [RECEIVED_AT]?: number };

/**
 * The seam between the request flow and OpenTelemetry. With telemetry off it holds nothing and
 * every call returns at once: no instruments, no spans, no clocks.
 */
@Injectable()
export class GatewayTelemetry implements OnApplicationBootstrap, OnApplicationShutdown {
  readonly enabled: boolean;
  private readonly metrics: GatewayMetrics | undefined;
  private readonly tracer: Tracer | undefined;
  private readonly calls = new WeakMap<object, ChatCallTelemetry>();

  constructor(
    @Inject(telemetryConfig.KEY) config: ConfigType<typeof telemetryConfig>,
    private readonly adapterHost: HttpAdapterHost,
  ) {
    this.enabled = config.enabled;
    if (!config.enabled) return;
    this.metrics = new GatewayMetrics(metrics.getMeter(TELEMETRY_SCOPE.name, TELEMETRY_SCOPE.version));
    if (config.tracingEnabled) this.tracer = trace.getTracer(TELEMETRY_SCOPE.name, TELEMETRY_SCOPE.version);
  }

  /** Notes each request's arrival before Express sees it, so durations include body parsing, guards and pipes. */
  onApplicationBootstrap(): void {
    if (!this.enabled) return;
    const server = this.adapterHost.httpAdapter?.getHttpServer() as Server | undefined;
    server?.prependListener('request', (request: StampedRequest) => {
      request[RECEIVED_AT] = performance.now();
    });
  }

  /** Starts following a routed request's provider call. */
  startChatCall(request: IncomingMessage, labels: GenAiLabels, body: ChatCompletionRequest): ChatCall {
    if (!this.metrics) return UNOBSERVED_CALL;
    const call = new ChatCallTelemetry(this.metrics, this.tracer, labels, receivedAt(request), body);
    this.calls.set(request, call);
    return call;
  }

  /** Called once per chat request when its response is complete (no error) or failed. */
  endChatRequest(request: IncomingMessage, error?: GatewayError): void {
    if (!this.metrics) return;
    const call = this.calls.get(request);
    if (call) {
      call.end(error);
      return;
    }
    // Never reached a provider (invalid body, unknown provider, refused model): no client strings as labels.
    const seconds = (performance.now() - receivedAt(request)) / 1000;
    this.metrics.recordRequest({ provider: OTHER, model: OTHER }, seconds, error ? mapErrorType(error) : undefined);
  }

  /** Exports what is still buffered once the application has stopped serving. */
  async onApplicationShutdown(): Promise<void> {
    await shutdownTelemetry();
  }
}

function receivedAt(request: IncomingMessage): number {
  const stamped = request as StampedRequest;
  return (stamped[RECEIVED_AT] ??= performance.now());
}
