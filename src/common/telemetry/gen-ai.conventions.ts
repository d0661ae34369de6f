/**
 * Names from the OpenTelemetry semantic conventions for generative AI (gen_ai.*), kept here
 * rather than imported: the conventions are still "development" status and their npm package
 * asks users to copy the incubating names they rely on.
 */
export const ATTRIBUTE = {
  operationName: 'gen_ai.operation.name',
  providerName: 'gen_ai.provider.name',
  requestModel: 'gen_ai.request.model',
  requestMaxTokens: 'gen_ai.request.max_tokens',
  requestTemperature: 'gen_ai.request.temperature',
  requestTopP: 'gen_ai.request.top_p',
  responseId: 'gen_ai.response.id',
  responseModel: 'gen_ai.response.model',
  responseFinishReasons: 'gen_ai.response.finish_reasons',
  usageInputTokens: 'gen_ai.usage.input_tokens',
  usageOutputTokens: 'gen_ai.usage.output_tokens',
  tokenType: 'gen_ai.token.type',
  errorType: 'error.type',
  httpRoute: 'http.route',
  httpStatusCode: 'http.response.status_code',
  requestId: 'gateway.request.id',
  stream: 'gateway.stream',
  /** The routing file's alias (or routed `provider/model`) a call was made for. */
  alias: 'gateway.alias',
  /** A deployment's position among its alias's deployments. */
  deployment: 'gateway.deployment',
  attemptOutcome: 'gateway.attempt.outcome',
  attempt: 'gateway.attempt',
  /** The model call's number in a request's tool loop. */
  iteration: 'gateway.tool_loop.iteration',
  toolName: 'gen_ai.tool.name',
  toolCallId: 'gen_ai.tool.call.id',
  mcpMethodName: 'mcp.method.name',
  /** The MCP server that ran a tool (its configured name). */
  mcpServer: 'gateway.mcp.server',
  /** How a tool call ended: success, tool_error, protocol_error, timeout, disconnected, unavailable, invalid_arguments, cancelled. */
  toolOutcome: 'gateway.tool.outcome',
} as const;

/** The operation of running a tool (OpenTelemetry GenAI conventions). */
export const EXECUTE_TOOL_OPERATION = 'execute_tool';

/** The operation the chat route performs. */
export const CHAT_OPERATION = 'chat';
export const EMBEDDINGS_OPERATION = 'embeddings';
/** The Images API routes: content generated from a prompt (OpenTelemetry's `generate_content`). */
export const IMAGES_OPERATION = 'generate_content';

/** The conventions' value for "not one of the known values": used for labels the gateway cannot bound. */
export const OTHER = '_OTHER';

export const METRIC = {
  tokenUsage: 'gen_ai.client.token.usage',
  clientOperationDuration: 'gen_ai.client.operation.duration',
  serverRequestDuration: 'gen_ai.server.request.duration',
  serverTimeToFirstToken: 'gen_ai.server.time_to_first_token',
  overheadDuration: 'gateway.overhead.duration',
  activeStreams: 'gateway.active_streams',
  upstreamErrors: 'gateway.upstream.errors',
  attempts: 'gateway.attempts',
  fallbacks: 'gateway.fallbacks',
  cooldownState: 'gateway.cooldown.state',
  /** The MCP conventions' client operation duration (here: tool calls). */
  mcpClientOperationDuration: 'mcp.client.operation.duration',
} as const;

/**
 * Instruments measured in seconds. Prometheus names carry their unit (`_seconds`); the
 * Prometheus exporter does not add it, so the SDK renames these through views.
 */
export const SECONDS_INSTRUMENTS: readonly string[] = [
  METRIC.clientOperationDuration,
  METRIC.serverRequestDuration,
  METRIC.serverTimeToFirstToken,
  METRIC.overheadDuration,
  METRIC.mcpClientOperationDuration,
  'http.server.request.duration',
  'http.client.request.duration',
];

/** Bucket boundaries the conventions recommend for each histogram. */
export const BUCKETS = {
  tokens: [1, 4, 16, 64, 256, 1024, 4096, 16384, 65536, 262144, 1048576, 4194304],
  requestSeconds: [0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12, 10.24, 20.48, 40.96, 81.92, 163.84, 327.68],
  timeToFirstTokenSeconds: [0.001, 0.005, 0.01, 0.02, 0.04, 0.06, 0.08, 0.1, 0.25, 0.5, 0.75, 1, 2.5, 5, 7.5, 10],
  /** The gateway's own time is expected in the sub-millisecond to millisecond range. */
  overheadSeconds: [0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1],
} as const;
