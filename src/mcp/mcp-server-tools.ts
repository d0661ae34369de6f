import { Inject, Injectable } from '@nestjs/common';
import { GatewayTelemetry } from '../common/telemetry/gateway-telemetry.service.js';
import { mcpConfig, type McpConfig } from '../config/mcp.config.js';
import type { InferenceRequest } from '../core/inference-request.js';
import { RegisterServerTools, ServerTools, type ServerToolset } from '../core/tools/server-tools.js';
import { McpServers } from './mcp-servers.service.js';
import { McpToolset } from './mcp-toolset.js';

/**
 * The MCP servers' tools as the core's server tools: offered to every chat, Messages and Responses
 * request while MCP is on (unless the client sends `X-MCP-Bypass: true`), each request with its
 * own snapshot of the catalog. A tool whose name a client tool of the request has is left out for
 * that request: the client's own tool wins.
 */
@Injectable()
@RegisterServerTools()
export class McpServerTools extends ServerTools {
  constructor(
    @Inject(mcpConfig.KEY) private readonly config: McpConfig,
    private readonly servers: McpServers,
    private readonly telemetry: GatewayTelemetry,
  ) {
    super();
  }

  /** While no server offers a tool (all down, or every tool filtered out), requests are served as with MCP off: relayed when they can be. */
  override appliesTo(request: InferenceRequest): boolean {
    return this.config.enabled && request.skipServerTools !== true && request.operation !== 'embeddings' && this.servers.catalog().entries.length > 0;
  }

  override open(clientTools: readonly string[]): ServerToolset {
    return new McpToolset({
      mode: this.config.toolMode,
      maxIterations: this.config.maxIterations,
      entries: this.servers.catalog().entries,
      clientTools: new Set(clientTools),
      connection: (server) => this.servers.connection(server),
      telemetry: this.telemetry,
    });
  }
}
