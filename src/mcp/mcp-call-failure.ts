import { SseError } from '@modelcontextprotocol/sdk/client/sse.js';
import { StreamableHTTPError } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { ErrorCode, McpError } from '@modelcontextprotocol/sdk/types.js';
import type { ToolCallOutcome } from '../common/telemetry/tool-call.telemetry.js';

/** A tool call that gave no result, and why: the text the model is given instead. */
export class McpCallFailure extends Error {
  constructor(
    readonly outcome: Exclude<ToolCallOutcome, 'success' | 'tool_error'>,
    message: string,
  ) {
    super(message);
    this.name = 'McpCallFailure';
  }

  /** What a rejected call means: the server's protocol error, no answer in time, or a transport that failed (the server is gone). */
  static from(error: unknown, timeoutMs: number): McpCallFailure {
    if (error instanceof McpCallFailure) return error;
    if (error instanceof McpError) {
      if (error.code === (ErrorCode.RequestTimeout as number)) {
        return new McpCallFailure('timeout', `The tool did not answer within ${timeoutMs / 1000}s (MCP_REQUEST_TIMEOUT); the call was cancelled.`);
      }
      if (error.code === (ErrorCode.ConnectionClosed as number))
        return new McpCallFailure('disconnected', 'The connection to the MCP server closed during the call.');
      return new McpCallFailure('protocol_error', `The MCP server refused the call: ${error.message}`);
    }
    const message = errorMessage(error);
    if (isTransportFailure(error)) return new McpCallFailure('disconnected', `The MCP server could not be reached during the call (${message}).`);
    return new McpCallFailure('protocol_error', `The MCP server's answer could not be read (${message}).`);
  }
}

/** An error's message, with its cause's (`fetch failed (connect ECONNREFUSED …)`); errors of another realm included. */
export function errorMessage(error: unknown): string {
  if (typeof error !== 'object' || error === null || typeof (error as { message?: unknown }).message !== 'string') return String(error);
  const { message, cause } = error as { message: string; cause?: unknown };
  const inner = typeof cause === 'object' && cause !== null ? (cause as { message?: unknown }).message : undefined;
  return typeof inner === 'string' && inner && !message.includes(inner) ? `${message} (${inner})` : message;
}

/** Failures of the connection itself (fetch failed, an HTTP error status, a broken event stream, a closed transport). */
function isTransportFailure(error: unknown): boolean {
  if (error instanceof TypeError || error instanceof StreamableHTTPError || error instanceof SseError) return true;
  return /not connected|ECONN|socket|terminated|fetch failed|other side closed/i.test(errorMessage(error));
}
