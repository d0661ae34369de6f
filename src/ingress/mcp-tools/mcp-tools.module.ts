import { Module } from '@nestjs/common';
import { ConfigModule } from '@nestjs/config';
import { mcpConfig } from '../../config/mcp.config.js';
import { McpToolsController } from './mcp-tools.controller.js';

/** `GET /v1/mcp/tools` (the MCP servers come from the global MCP module). */
@Module({ imports: [ConfigModule.forFeature(mcpConfig)], controllers: [McpToolsController] })
export class McpToolsModule {}
