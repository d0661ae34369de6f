import { Logger } from '@nestjs/common';
import type { ServerToolResult } from '../core/tools/server-tools.js';
import type { GatewayTelemetry } from '../common/telemetry/gateway-telemetry.service.js';
import type { ToolCallOutcome } from '../common/telemetry/tool-call.telemetry.js';
import { McpCallFailure } from './mcp-call-failure.js';
import type { McpServerConnection } from './mcp-server-connection.js';
import { toServerToolResult } from './mcp-tool-result.js';

const logger = new Logger('Mcp');

/**
 * Runs one call of an MCP tool for the model and gives its result, whatever happens: arguments
 * that are not a JSON object, a tool error, a protocol error, a timeout, a server gone or down all
 * come back as a result the model can read (`isError`). Each call is followed by a span and the
 * tool-call duration metric, labelled with the tool, the server and the outcome.
 */
export async function callMcpTool(
  call: { id: string; tool: string; arguments: string | Record<string, unknown> },
  connection: McpServerConnection,
  telemetry: GatewayTelemetry,
  signal: AbortSignal,
): Promise<ServerToolResult> {
  const observed = telemetry.startToolCall({ tool: call.tool, server: connection.name, callId: call.id });
  const startedAt = performance.now();
  let outcome: ToolCallOutcome = 'success';
  try {
    const args = typeof call.arguments === 'string' ? parseArguments(call.arguments) : call.arguments;
    const result = await connection.call(call.tool, args, signal);
    if (result.isError === true) outcome = 'tool_error';
    return toServerToolResult(result);
  } catch (error) {
    const failure = error instanceof McpCallFailure ? error : McpCallFailure.from(error, 0);
    outcome = failure.outcome;
    return { content: [{ type: 'text', text: failure.message }], isError: true };
  } finally {
    observed?.end(outcome);
    logger.debug({ server: connection.name, tool: call.tool, outcome, durationMs: Math.round(performance.now() - startedAt) }, 'MCP tool call');
  }
}

/** The model's arguments as the object MCP takes. */
export function parseArguments(text: string): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(text.trim() === '' ? '{}' : text);
  } catch {
    throw new McpCallFailure('invalid_arguments', 'The arguments are not valid JSON; call the tool again with a JSON object.');
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new McpCallFailure('invalid_arguments', 'The arguments must be a JSON object; call the tool again with one.');
  }
  return value as Record<string, unknown>;
}
