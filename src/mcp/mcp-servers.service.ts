import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { addLogSecrets } from '../common/logging/secret-redaction.js';
import { mcpConfig, type McpConfig } from '../config/mcp.config.js';
import { readGatewayVersion } from '../common/gateway-version.js';
import { McpServerConnection, type McpServerState, type McpTransportKind } from './mcp-server-connection.js';
import { buildCatalog, type McpCatalog } from './mcp-tool-catalog.js';

export interface McpServerStatus {
  name: string;
  state: McpServerState;
  transport: McpTransportKind | null;
  tools: number;
}

/**
 * The configured MCP servers: connected in the background once the application has started (a
 * server that is down delays nothing), closed on shutdown. Their tools, filtered and named, form
 * the catalog, rebuilt when a server's tools change.
 */
@Injectable()
export class McpServers implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Mcp');
  private readonly connections: McpServerConnection[];
  private catalogVersion = 0;
  private cached: { version: number; catalog: McpCatalog } | undefined;

  constructor(@Inject(mcpConfig.KEY) private readonly config: McpConfig) {
    const clientInfo = { name: 'llm-gateway', version: readGatewayVersion() };
    this.connections = config.servers.map(
      (server) =>
        new McpServerConnection(server, {
          clientInfo,
          connectTimeoutMs: config.connectTimeoutMs,
          requestTimeoutMs: config.requestTimeoutMs,
          initialBackoffMs: config.initialBackoffMs,
          reconnectIntervalMs: config.reconnectIntervalMs,
          onToolsChanged: () => this.catalogVersion++,
        }),
    );
    // A server's credentials never reach a log line, whatever quotes them (the whole value, or the token after its scheme).
    addLogSecrets(config.servers.flatMap((server) => Object.values(server.headers).flatMap((value) => [value, value.split(' ').at(-1) ?? ''])));
  }

  onApplicationBootstrap(): void {
    if (!this.config.enabled) return;
    this.logger.log({ servers: this.connections.map((connection) => connection.name), mode: this.config.toolMode }, 'MCP: connecting to servers');
    for (const connection of this.connections) connection.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await Promise.all(this.connections.map((connection) => connection.close()));
  }

  connection(name: string): McpServerConnection | undefined {
    return this.connections.find((connection) => connection.name === name);
  }

  /** The tools offered now, from the servers that are connected. */
  catalog(): McpCatalog {
    if (this.cached?.version === this.catalogVersion) return this.cached.catalog;
    const connected = this.connections.filter((connection) => connection.state === 'connected');
    const catalog = buildCatalog(
      connected.map((connection) => ({ server: connection.name, tools: connection.tools })),
      { include: this.config.includeTools, exclude: this.config.excludeTools },
    );
    for (const duplicate of catalog.duplicates) this.logger.warn(duplicate, 'MCP tool left out: another tool has its name');
    this.cached = { version: this.catalogVersion, catalog };
    return catalog;
  }

  statuses(): McpServerStatus[] {
    return this.connections.map((connection) => ({
      name: connection.name,
      state: connection.state,
      transport: connection.transport ?? null,
      tools: connection.state === 'connected' ? connection.tools.length : 0,
    }));
  }
}
