import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

export class McpToolDto {
  @ApiProperty({ description: 'The name the model is offered it under', example: 'mcp_get_weather' })
  name: string;

  @ApiProperty({ description: "The tool's own name at its server", example: 'get_weather' })
  tool: string;

  @ApiProperty({ description: 'The server that runs it (its name in MCP_SERVERS)', example: 'weather' })
  server: string;

  @ApiPropertyOptional({ example: 'Current weather for a city' })
  description?: string;

  @ApiProperty({ description: "The tool's input schema (JSON Schema)", type: 'object', additionalProperties: true })
  input_schema: Record<string, unknown>;
}

export class McpServerStatusDto {
  @ApiProperty({ example: 'weather' })
  name: string;

  @ApiProperty({ enum: ['connecting', 'connected', 'down', 'closed'] })
  state: string;

  @ApiProperty({ enum: ['streamable-http', 'sse'], nullable: true, type: String, description: 'The transport it answered on, once connected' })
  transport: string | null;

  @ApiProperty({ description: 'Tools it lists (before MCP_INCLUDE_TOOLS / MCP_EXCLUDE_TOOLS)', example: 3 })
  tools: number;
}

export class McpToolListDto {
  @ApiProperty({ enum: ['list'] })
  object: 'list';

  @ApiProperty({
    enum: ['direct', 'selector'],
    description: 'MCP_TOOL_MODE: in `selector` mode the model is offered mcp_search_tools and mcp_call_tool instead',
  })
  mode: string;

  @ApiProperty({ type: [McpToolDto], description: 'The tools offered now, from the servers that are connected' })
  data: McpToolDto[];

  @ApiProperty({ type: [McpServerStatusDto] })
  servers: McpServerStatusDto[];
}
