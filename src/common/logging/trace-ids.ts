import { context, isSpanContextValid, trace } from '@opentelemetry/api';
import { getRPCMetadata } from '@opentelemetry/core';

/** The ids of the request's server span (or else the active span), as log fields; none when nothing is traced. */
export function currentTraceIds(): { trace_id?: string; span_id?: string } {
  const active = context.active();
  const spanContext = (getRPCMetadata(active)?.span ?? trace.getSpan(active))?.spanContext();
  if (!spanContext || !isSpanContextValid(spanContext)) return {};
  return { trace_id: spanContext.traceId, span_id: spanContext.spanId };
}
