import { DiscoveryService } from '@nestjs/core';
import type { HubImagePart, HubTextPart, HubTool, HubToolCallPart } from '../../hub/hub-request.js';
import type { InferenceRequest } from '../inference-request.js';

/** What a tool the gateway ran gave back, for the model. */
export interface ServerToolResult {
  content: Array<HubTextPart | HubImagePart>;
  isError: boolean;
}

/** The tools the gateway offers and runs itself for one request (its own snapshot: nothing in it is shared with another request). */
export interface ServerToolset {
  /** Offered to the model next to the client's own tools, under names that differ from theirs. */
  readonly tools: readonly HubTool[];
  /** The most model calls the request may make. */
  readonly maxIterations: number;
  /** Whether a call the model made is for one of these tools (else it is the client's, answered by the client). */
  owns(name: string): boolean;
  /** The tool a call runs, the server that runs it and the arguments it is given, as the client is shown them. */
  describe(call: HubToolCallPart): { name: string; server: string; arguments: string };
  /** Runs a call; never rejects: a tool that fails, times out or whose server went away gives a result that says so. */
  run(call: HubToolCallPart, signal: AbortSignal): Promise<ServerToolResult>;
}

/**
 * A source of tools the gateway runs itself (MCP servers): the core adds them to a request's tools
 * and runs the calls the model makes to them, calling the model again with their results. Register
 * the one source with `@RegisterServerTools()`.
 */
export abstract class ServerTools {
  /** Whether the gateway adds tools to this request; such a request is translated through the hub, never relayed. */
  abstract appliesTo(request: InferenceRequest): boolean;
  /** The tools for one request whose client offers tools with these names. */
  abstract open(clientTools: readonly string[]): ServerToolset;
}

export const RegisterServerTools = DiscoveryService.createDecorator();
