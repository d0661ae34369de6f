import type { Attributes, Counter, Histogram, Meter, ObservableGauge, UpDownCounter } from '@opentelemetry/api';
import { ATTRIBUTE, BUCKETS, CHAT_OPERATION, METRIC } from './gen-ai.conventions.js';

/** The labels every gen_ai metric of one request carries. */
export interface GenAiLabels {
  provider: string;
  model: string;
  /** `chat` unless said otherwise (`embeddings`). */
  operation?: string;
}

/** A deployment of the routing file: its provider and model, the alias it serves and its position there. */
export interface DeploymentMetricLabels extends GenAiLabels {
  alias: string;
  deployment: string;
}

/** What became of one try of a routed request. */
export type AttemptOutcome = 'success' | 'retry' | 'fallback' | 'failure' | 'skipped_open_circuit';

/** Breaker states as the cooldown gauge reports them. */
export const COOLDOWN_STATE_VALUES = { closed: 0, half_open: 1, open: 2 } as const;
export type CooldownState = keyof typeof COOLDOWN_STATE_VALUES;

/**
 * The gateway's instruments, named after the OpenTelemetry GenAI conventions. Only created when
 * telemetry is on; callers hold `undefined` otherwise, so a disabled gateway does no metric work.
 */
export class GatewayMetrics {
  private readonly tokenUsage: Histogram;
  private readonly clientOperationDuration: Histogram;
  private readonly serverRequestDuration: Histogram;
  private readonly timeToFirstToken: Histogram;
  private readonly overhead: Histogram;
  private readonly activeStreams: UpDownCounter;
  private readonly upstreamErrors: Counter;
  private readonly attempts: Counter;
  private readonly fallbacks: Counter;
  private readonly cooldownState: ObservableGauge;
  private readonly toolCallDuration: Histogram;

  constructor(meter: Meter) {
    this.tokenUsage = meter.createHistogram(METRIC.tokenUsage, {
      description: 'Tokens used per call, by token type (input or output)',
      unit: '{token}',
      advice: { explicitBucketBoundaries: [...BUCKETS.tokens] },
    });
    this.clientOperationDuration = meter.createHistogram(METRIC.clientOperationDuration, {
      description: 'Duration of the call to the provider, from sending the request to the last byte of the answer',
      unit: 's',
      advice: { explicitBucketBoundaries: [...BUCKETS.requestSeconds] },
    });
    this.serverRequestDuration = meter.createHistogram(METRIC.serverRequestDuration, {
      description: 'Duration of a chat request through the gateway, from arrival to the last byte sent',
      unit: 's',
      advice: { explicitBucketBoundaries: [...BUCKETS.requestSeconds] },
    });
    this.timeToFirstToken = meter.createHistogram(METRIC.serverTimeToFirstToken, {
      description: 'Time from the arrival of a streaming request to its first chunk sent to the client',
      unit: 's',
      advice: { explicitBucketBoundaries: [...BUCKETS.timeToFirstTokenSeconds] },
    });
    this.overhead = meter.createHistogram(METRIC.overheadDuration, {
      description: 'Time a request spends in the gateway itself: its duration minus the provider call',
      unit: 's',
      advice: { explicitBucketBoundaries: [...BUCKETS.overheadSeconds] },
    });
    this.activeStreams = meter.createUpDownCounter(METRIC.activeStreams, {
      description: 'Streams currently open towards a provider',
      unit: '{stream}',
    });
    this.upstreamErrors = meter.createCounter(METRIC.upstreamErrors, {
      description: 'Failed provider calls, by provider, HTTP status (when the provider answered) and error type',
      unit: '{error}',
    });
    this.attempts = meter.createCounter(METRIC.attempts, {
      description: 'Tries of routed requests by deployment and outcome (success, retry, fallback, failure, skipped_open_circuit)',
      unit: '{attempt}',
    });
    this.fallbacks = meter.createCounter(METRIC.fallbacks, {
      description: 'Routed requests that moved on from a failed deployment to the next one, by the deployment left',
      unit: '{fallback}',
    });
    this.cooldownState = meter.createObservableGauge(METRIC.cooldownState, {
      description: 'Circuit breaker of each routed deployment: 0 closed, 1 half-open (probing), 2 open (cooling down)',
    });
    this.toolCallDuration = meter.createHistogram(METRIC.mcpClientOperationDuration, {
      description: 'Duration of the MCP tool calls the gateway makes, by tool, server and outcome',
      unit: 's',
      advice: { explicitBucketBoundaries: [...BUCKETS.requestSeconds] },
    });
  }

  recordToolCall(labels: { tool: string; server: string }, seconds: number, outcome: string): void {
    const attributes: Attributes = {
      [ATTRIBUTE.mcpMethodName]: 'tools/call',
      [ATTRIBUTE.toolName]: labels.tool,
      [ATTRIBUTE.mcpServer]: labels.server,
      [ATTRIBUTE.toolOutcome]: outcome,
    };
    if (outcome !== 'success') attributes[ATTRIBUTE.errorType] = outcome;
    this.toolCallDuration.record(seconds, attributes);
  }

  recordAttempt(labels: DeploymentMetricLabels, outcome: AttemptOutcome): void {
    this.attempts.add(1, { ...deploymentAttributes(labels), [ATTRIBUTE.attemptOutcome]: outcome });
  }

  recordFallback(labels: DeploymentMetricLabels): void {
    this.fallbacks.add(1, deploymentAttributes(labels));
  }

  /** Reports the breakers' states at every collection. */
  observeCooldowns(read: () => Iterable<{ labels: DeploymentMetricLabels; state: CooldownState }>): void {
    this.cooldownState.addCallback((result) => {
      for (const { labels, state } of read()) result.observe(COOLDOWN_STATE_VALUES[state], deploymentAttributes(labels));
    });
  }

  recordRequest(labels: GenAiLabels, seconds: number, errorType?: string): void {
    const attributes = genAiAttributes(labels);
    if (errorType) attributes[ATTRIBUTE.errorType] = errorType;
    this.serverRequestDuration.record(seconds, attributes);
  }

  recordProviderCall(labels: GenAiLabels, seconds: number, errorType?: string): void {
    const attributes = genAiAttributes(labels);
    if (errorType) attributes[ATTRIBUTE.errorType] = errorType;
    this.clientOperationDuration.record(seconds, attributes);
  }

  recordTokens(labels: GenAiLabels, inputTokens: number | undefined, outputTokens: number | undefined): void {
    if (typeof inputTokens === 'number') this.tokenUsage.record(inputTokens, { ...genAiAttributes(labels), [ATTRIBUTE.tokenType]: 'input' });
    if (typeof outputTokens === 'number') this.tokenUsage.record(outputTokens, { ...genAiAttributes(labels), [ATTRIBUTE.tokenType]: 'output' });
  }

  recordTimeToFirstToken(labels: GenAiLabels, seconds: number): void {
    this.timeToFirstToken.record(seconds, genAiAttributes(labels));
  }

  recordOverhead(provider: string, seconds: number): void {
    this.overhead.record(Math.max(0, seconds), { [ATTRIBUTE.providerName]: provider, [ATTRIBUTE.operationName]: CHAT_OPERATION });
  }

  streamOpened(provider: string): void {
    this.activeStreams.add(1, { [ATTRIBUTE.providerName]: provider });
  }

  streamClosed(provider: string): void {
    this.activeStreams.add(-1, { [ATTRIBUTE.providerName]: provider });
  }

  recordUpstreamError(provider: string, errorType: string, status: number | undefined): void {
    const attributes: Attributes = { [ATTRIBUTE.providerName]: provider, [ATTRIBUTE.errorType]: errorType };
    if (status !== undefined) attributes[ATTRIBUTE.httpStatusCode] = status;
    this.upstreamErrors.add(1, attributes);
  }
}

function deploymentAttributes(labels: DeploymentMetricLabels): Attributes {
  return {
    [ATTRIBUTE.providerName]: labels.provider,
    [ATTRIBUTE.requestModel]: labels.model,
    [ATTRIBUTE.alias]: labels.alias,
    [ATTRIBUTE.deployment]: labels.deployment,
  };
}

function genAiAttributes(labels: GenAiLabels): Attributes {
  return {
    [ATTRIBUTE.operationName]: labels.operation ?? CHAT_OPERATION,
    [ATTRIBUTE.providerName]: labels.provider,
    [ATTRIBUTE.requestModel]: labels.model,
  };
}
