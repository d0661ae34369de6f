import { Global, Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { mcpConfig } from '../config/mcp.config.js';
import { McpServerTools } from './mcp-server-tools.js';
import { McpServers } from './mcp-servers.service.js';

/** The MCP client registry (MCP_SERVERS) and the server tools it gives the core's tool loop. */
@Global()
@Module({
  imports: [ConfigModule.forFeature(mcpConfig)],
  providers: [McpServers, McpServerTools],
  exports: [McpServers],
})
export class McpModule {}
