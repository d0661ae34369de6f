import { Inject, Injectable, type OnApplicationShutdown } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { metrics, trace, type Tracer } from '@opentelemetry/api';
import { performance } from 'node:perf_hooks';
import { telemetryConfig } from '../../config/telemetry.config.js';
import { shutdownTelemetry, TELEMETRY_SCOPE } from './telemetry-sdk.js';
import type { RequestContext } from '../context/request-context.js';
import type { GatewayError } from '../errors/gateway-error.js';
import { ChatCallTelemetry, type CallSettings } from './chat-call.telemetry.js';
import { GatewayMetrics, type AttemptOutcome, type CooldownState, type DeploymentMetricLabels, type GenAiLabels } from './gateway-metrics.js';
import { OTHER } from './gen-ai.conventions.js';
import { mapErrorType } from './map-error-type.js';
import { ToolCallTelemetry, type ToolCallLabels } from './tool-call.telemetry.js';

/**
 * The seam between the request flow and OpenTelemetry. With telemetry off it holds nothing and
 * every call returns at once: no instruments, no spans, no clocks.
 */
@Injectable()
export class GatewayTelemetry implements OnApplicationShutdown {
  readonly enabled: boolean;
  private readonly metrics: GatewayMetrics | undefined;
  private readonly tracer: Tracer | undefined;

  constructor(@Inject(telemetryConfig.KEY) config: ConfigType<typeof telemetryConfig>) {
    this.enabled = config.enabled;
    if (!config.enabled) return;
    this.metrics = new GatewayMetrics(metrics.getMeter(TELEMETRY_SCOPE.name, TELEMETRY_SCOPE.version));
    if (config.tracingEnabled) this.tracer = trace.getTracer(TELEMETRY_SCOPE.name, TELEMETRY_SCOPE.version);
  }

  /** Starts following a provider call of the request (undefined when telemetry is off). */
  startCall(context: RequestContext, labels: GenAiLabels, settings: CallSettings): ChatCallTelemetry | undefined {
    if (!this.metrics) return undefined;
    const call = new ChatCallTelemetry(this.metrics, this.tracer, labels, context.receivedAt, settings);
    context.telemetry = call;
    return call;
  }

  /** Starts following a tool call the gateway makes for a request (undefined when telemetry is off). */
  startToolCall(labels: ToolCallLabels): ToolCallTelemetry | undefined {
    return this.metrics ? new ToolCallTelemetry(this.metrics, this.tracer, labels) : undefined;
  }

  /** Called once per gen_ai request when its response is complete (no error) or failed. */
  endRequest(context: RequestContext | undefined, error?: GatewayError): void {
    if (!this.metrics) return;
    if (context?.telemetry) {
      context.telemetry.end(error);
      return;
    }
    // Never reached a provider (invalid body, unknown provider, refused model): no client strings as labels.
    const seconds = context ? (performance.now() - context.receivedAt) / 1000 : 0;
    this.metrics.recordRequest({ provider: OTHER, model: OTHER }, seconds, error ? mapErrorType(error) : undefined);
  }

  /** Counts one try of a routed request by what became of it. */
  recordAttempt(labels: DeploymentMetricLabels, outcome: AttemptOutcome): void {
    this.metrics?.recordAttempt(labels, outcome);
    if (outcome === 'fallback') this.metrics?.recordFallback(labels);
  }

  /** Reports the routed deployments' breaker states at every metrics collection. */
  observeCooldowns(read: () => Iterable<{ labels: DeploymentMetricLabels; state: CooldownState }>): void {
    this.metrics?.observeCooldowns(read);
  }

  /** Exports what is still buffered once the application has stopped serving. */
  async onApplicationShutdown(): Promise<void> {
    await shutdownTelemetry();
  }
}
