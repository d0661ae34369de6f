import { Controller, Get, Inject, NotFoundException, Req } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { ApiErrorResponses } from '../../common/openai/api-error.dto.js';
import { mcpConfig, type McpConfig } from '../../config/mcp.config.js';
import { McpServers } from '../../mcp/mcp-servers.service.js';
import { McpToolListDto } from './mcp-tools.dto.js';

/** `GET /v1/mcp/tools` (MCP_EXPOSE=true): the MCP tools the gateway offers to models, and its servers. */
@ApiTags('mcp')
@Controller('v1/mcp')
export class McpToolsController {
  constructor(
    private readonly servers: McpServers,
    @Inject(mcpConfig.KEY) private readonly config: McpConfig,
  ) {}

  @Get('tools')
  @ApiOperation({
    operationId: 'listMcpTools',
    summary: 'The MCP tools the gateway offers to models, and the state of each MCP server',
    description: 'Served with MCP_ENABLED=true and MCP_EXPOSE=true; the ordinary 404 otherwise. Server URLs and headers are never shown.',
  })
  @ApiOkResponse({ type: McpToolListDto, description: 'The tools offered now and each server, by the names in MCP_SERVERS' })
  @ApiErrorResponses([401, 404])
  list(@Req() request: Request): McpToolListDto {
    if (!this.config.enabled || !this.config.expose) throw new NotFoundException(`Cannot ${request.method} ${request.originalUrl}`);
    return {
      object: 'list',
      mode: this.config.toolMode,
      data: this.servers.catalog().entries.map((entry) => ({
        name: entry.exposedName,
        tool: entry.tool.name,
        server: entry.server,
        ...(entry.tool.description ? { description: entry.tool.description } : {}),
        input_schema: entry.tool.inputSchema,
      })),
      servers: this.servers.statuses(),
    };
  }
}
