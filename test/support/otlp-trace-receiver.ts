import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import protobuf from 'protobufjs';

/**
 * The part of the OTLP trace protocol (opentelemetry/proto/trace/v1/trace.proto and
 * collector/trace/v1/trace_service.proto) the tests read, with the official field numbers.
 */
const OTLP_TRACE_PROTO = `
syntax = "proto3";
package otlp;
message AnyValue {
  oneof value { string string_value = 1; bool bool_value = 2; int64 int_value = 3; double double_value = 4; ArrayValue array_value = 5; KeyValueList kvlist_value = 6; bytes bytes_value = 7; }
}
message ArrayValue { repeated AnyValue values = 1; }
message KeyValueList { repeated KeyValue values = 1; }
message KeyValue { string key = 1; AnyValue value = 2; }
message Resource { repeated KeyValue attributes = 1; }
message InstrumentationScope { string name = 1; string version = 2; }
message Status { string message = 2; int32 code = 3; }
message Span {
  bytes trace_id = 1; bytes span_id = 2; string trace_state = 3; bytes parent_span_id = 4; string name = 5; int32 kind = 6;
  fixed64 start_time_unix_nano = 7; fixed64 end_time_unix_nano = 8; repeated KeyValue attributes = 9; Status status = 15;
}
message ScopeSpans { InstrumentationScope scope = 1; repeated Span spans = 2; }
message ResourceSpans { Resource resource = 1; repeated ScopeSpans scope_spans = 2; }
message ExportTraceServiceRequest { repeated ResourceSpans resource_spans = 1; }
`;

const ExportTraceServiceRequest = protobuf.parse(OTLP_TRACE_PROTO, { keepCase: true }).root.lookupType('otlp.ExportTraceServiceRequest');

export const SPAN_KIND = { internal: 1, server: 2, client: 3 } as const;
export const STATUS_CODE = { unset: 0, ok: 1, error: 2 } as const;

type AttributeValue = string | number | boolean | AttributeValue[] | undefined;

export interface ReceivedSpan {
  traceId: string;
  spanId: string;
  parentSpanId: string;
  name: string;
  kind: number;
  scope: string;
  attributes: Record<string, AttributeValue>;
  status: { code: number; message: string };
  resource: Record<string, AttributeValue>;
}

export interface OtlpTraceReceiver {
  /** Base URL, without a path (the exporter appends `/v1/traces`). */
  url: string;
  spans: ReceivedSpan[];
  /** Every request body as received, to search for strings that must never be exported. */
  rawBodies: Buffer[];
  /** Request paths and content types, to check the protocol. */
  requests: Array<{ path: string; contentType: string | undefined }>;
  close(): Promise<void>;
}

/** A loopback OTLP/HTTP collector that decodes protobuf trace exports. */
export async function startOtlpTraceReceiver(): Promise<OtlpTraceReceiver> {
  const spans: ReceivedSpan[] = [];
  const rawBodies: Buffer[] = [];
  const requests: OtlpTraceReceiver['requests'] = [];
  const server: Server = createServer((request, response) => {
    const pieces: Buffer[] = [];
    request.on('data', (piece: Buffer) => pieces.push(piece));
    request.on('end', () => {
      const body = Buffer.concat(pieces);
      rawBodies.push(body);
      requests.push({ path: request.url ?? '', contentType: request.headers['content-type'] });
      if (request.url === '/v1/traces' && request.headers['content-type'] === 'application/x-protobuf') spans.push(...decodeSpans(body));
      response.writeHead(200, { 'content-type': 'application/x-protobuf' });
      response.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    spans,
    rawBodies,
    requests,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

interface DecodedKeyValue {
  key: string;
  value?: Record<string, unknown>;
}

function decodeSpans(body: Buffer): ReceivedSpan[] {
  const message = ExportTraceServiceRequest.toObject(ExportTraceServiceRequest.decode(body), { longs: Number, arrays: true }) as {
    resource_spans: Array<{
      resource?: { attributes?: DecodedKeyValue[] };
      scope_spans: Array<{ scope?: { name?: string }; spans: Array<Record<string, unknown>> }>;
    }>;
  };
  return message.resource_spans.flatMap((resourceSpans) =>
    resourceSpans.scope_spans.flatMap((scopeSpans) =>
      scopeSpans.spans.map((span) => ({
        traceId: toHex(span.trace_id),
        spanId: toHex(span.span_id),
        parentSpanId: toHex(span.parent_span_id),
        name: (span.name as string | undefined) ?? '',
        kind: (span.kind as number | undefined) ?? 0,
        scope: scopeSpans.scope?.name ?? '',
        attributes: toAttributes(span.attributes as DecodedKeyValue[]),
        status: { code: (span.status as { code?: number })?.code ?? 0, message: (span.status as { message?: string })?.message ?? '' },
        resource: toAttributes(resourceSpans.resource?.attributes ?? []),
      })),
    ),
  );
}

function toHex(bytes: unknown): string {
  return bytes instanceof Uint8Array ? Buffer.from(bytes).toString('hex') : '';
}

function toAttributes(keyValues: DecodedKeyValue[]): Record<string, AttributeValue> {
  return Object.fromEntries(keyValues.map(({ key, value }) => [key, toValue(value)]));
}

function toValue(value: Record<string, unknown> | undefined): AttributeValue {
  if (!value) return undefined;
  if ('string_value' in value) return value.string_value as string;
  if ('bool_value' in value) return value.bool_value as boolean;
  if ('int_value' in value) return Number(value.int_value);
  if ('double_value' in value) return value.double_value as number;
  if ('array_value' in value) return ((value.array_value as { values?: Array<Record<string, unknown>> }).values ?? []).map(toValue);
  return undefined;
}
