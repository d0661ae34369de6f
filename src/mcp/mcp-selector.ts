import type { HubTool } from '../hub/hub-request.js';
import type { McpToolEntry } from './mcp-tool-catalog.js';

/** `MCP_TOOL_MODE=selector`: two tools instead of every server's, for servers with many tools. */
export const SEARCH_TOOL = 'mcp_search_tools';
export const CALL_TOOL = 'mcp_call_tool';

/** The gateway answers searches itself; this is the "server" the client is shown for them. */
export const SELECTOR_SERVER = 'gateway';

const MOST_RESULTS = 10;

export const SELECTOR_TOOLS: readonly HubTool[] = [
  {
    name: SEARCH_TOOL,
    description:
      'Searches the tools available through MCP servers by words of their name or description. Returns the matching tools with their ' +
      `input schemas; call one with ${CALL_TOOL}.`,
    parameters: {
      type: 'object',
      properties: { query: { type: 'string', description: 'Words to look for, e.g. "weather forecast"; empty lists every tool' } },
      required: ['query'],
    },
  },
  {
    name: CALL_TOOL,
    description: `Calls a tool found with ${SEARCH_TOOL}, with arguments that follow its input schema.`,
    parameters: {
      type: 'object',
      properties: {
        name: { type: 'string', description: `The tool's name, as ${SEARCH_TOOL} gave it` },
        arguments: { type: 'object', description: "The tool's arguments" },
      },
      required: ['name'],
    },
  },
];

/** The tools whose name or description holds every word of the query (the first ten), as JSON text for the model. */
export function searchTools(entries: readonly McpToolEntry[], query: string): string {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  const matches = entries.filter((entry) => {
    const text = `${entry.exposedName} ${entry.tool.name} ${entry.tool.title ?? ''} ${entry.tool.description ?? ''}`.toLowerCase();
    return words.every((word) => text.includes(word));
  });
  const tools = matches.slice(0, MOST_RESULTS).map((entry) => ({
    name: entry.exposedName,
    description: entry.tool.description ?? '',
    input_schema: entry.tool.inputSchema,
  }));
  return JSON.stringify({ tools, more: Math.max(0, matches.length - MOST_RESULTS) });
}
