import { SpanKind, SpanStatusCode, type Span, type Tracer } from '@opentelemetry/api';
import { performance } from 'node:perf_hooks';
import type { GatewayMetrics } from './gateway-metrics.js';
import { ATTRIBUTE, EXECUTE_TOOL_OPERATION } from './gen-ai.conventions.js';

/** How a tool call the gateway made ended. */
export type ToolCallOutcome = 'success' | 'tool_error' | 'protocol_error' | 'timeout' | 'disconnected' | 'unavailable' | 'invalid_arguments' | 'cancelled';

/** The tool and the server that ran it (a configured server name: a bounded label). */
export interface ToolCallLabels {
  tool: string;
  server: string;
  callId: string;
}

/**
 * Follows one MCP tool call the gateway makes: a client span `tools/call <tool>` (GenAI operation
 * `execute_tool`) and the `mcp.client.operation.duration` histogram, both with the tool's name,
 * the server and the outcome.
 */
export class ToolCallTelemetry {
  private readonly startedAt = performance.now();
  private readonly span: Span | undefined;
  private ended = false;

  constructor(
    private readonly metrics: GatewayMetrics,
    tracer: Tracer | undefined,
    private readonly labels: ToolCallLabels,
  ) {
    this.span = tracer?.startSpan(`tools/call ${labels.tool}`, {
      kind: SpanKind.CLIENT,
      attributes: {
        [ATTRIBUTE.operationName]: EXECUTE_TOOL_OPERATION,
        [ATTRIBUTE.mcpMethodName]: 'tools/call',
        [ATTRIBUTE.toolName]: labels.tool,
        [ATTRIBUTE.toolCallId]: labels.callId,
        [ATTRIBUTE.mcpServer]: labels.server,
      },
    });
  }

  end(outcome: ToolCallOutcome): void {
    if (this.ended) return;
    this.ended = true;
    this.metrics.recordToolCall(this.labels, (performance.now() - this.startedAt) / 1000, outcome);
    if (!this.span) return;
    this.span.setAttribute(ATTRIBUTE.toolOutcome, outcome);
    if (outcome !== 'success') {
      this.span.setAttribute(ATTRIBUTE.errorType, outcome);
      this.span.setStatus({ code: SpanStatusCode.ERROR, message: outcome });
    }
    this.span.end();
  }
}
