import type { ServerToolResult, ServerToolset } from '../core/tools/server-tools.js';
import type { GatewayTelemetry } from '../common/telemetry/gateway-telemetry.service.js';
import type { McpToolMode } from '../config/mcp.config.js';
import type { HubTool, HubToolCallPart } from '../hub/hub-request.js';
import { McpCallFailure } from './mcp-call-failure.js';
import type { McpServerConnection } from './mcp-server-connection.js';
import { CALL_TOOL, SEARCH_TOOL, searchTools, SELECTOR_SERVER, SELECTOR_TOOLS } from './mcp-selector.js';
import { callMcpTool, parseArguments } from './mcp-tool-call.js';
import type { McpToolEntry } from './mcp-tool-catalog.js';

export interface McpToolsetOptions {
  mode: McpToolMode;
  maxIterations: number;
  /** The catalog's tools. */
  entries: readonly McpToolEntry[];
  /** The names of the client's own tools: a tool of the same name is left out (the client's wins). */
  clientTools: ReadonlySet<string>;
  connection(server: string): McpServerConnection | undefined;
  telemetry: GatewayTelemetry;
}

/**
 * The MCP tools of one request, from the catalog as it was when the request came: each tool
 * offered under its own name (`direct`), or the search and call tools (`selector`).
 */
export class McpToolset implements ServerToolset {
  readonly tools: readonly HubTool[];
  readonly maxIterations: number;
  private readonly byName: ReadonlyMap<string, McpToolEntry>;
  private readonly entries: readonly McpToolEntry[];

  constructor(private readonly options: McpToolsetOptions) {
    this.maxIterations = options.maxIterations;
    const entries = options.entries.filter((entry) => !options.clientTools.has(entry.exposedName));
    this.byName = new Map(entries.map((entry) => [entry.exposedName, entry]));
    const selectorTools = entries.length > 0 ? SELECTOR_TOOLS.filter((tool) => !options.clientTools.has(tool.name)) : [];
    this.tools = options.mode === 'selector' ? selectorTools : entries.map(toHubTool);
    this.entries = entries;
  }

  owns(name: string): boolean {
    return this.options.mode === 'selector' ? this.tools.some((tool) => tool.name === name) : this.byName.has(name);
  }

  /** In selector mode a call of `mcp_call_tool` is shown as the call of the tool it names, with that tool's own arguments. */
  describe(call: HubToolCallPart): { name: string; server: string; arguments: string } {
    if (call.name === SEARCH_TOOL) return { name: 'search_tools', server: SELECTOR_SERVER, arguments: call.arguments };
    const entry = this.entryFor(call);
    if (!entry) return { name: call.name, server: SELECTOR_SERVER, arguments: call.arguments };
    return { name: entry.tool.name, server: entry.server, arguments: this.options.mode === 'selector' ? shownSelectedArguments(call) : call.arguments };
  }

  async run(call: HubToolCallPart, signal: AbortSignal): Promise<ServerToolResult> {
    try {
      if (call.name === SEARCH_TOOL && this.options.mode === 'selector') {
        const { query } = parseArguments(call.arguments);
        return { content: [{ type: 'text', text: searchTools(this.entries, typeof query === 'string' ? query : '') }], isError: false };
      }
      const entry = this.entryFor(call);
      if (!entry) throw new McpCallFailure('invalid_arguments', `There is no tool named ${JSON.stringify(selectedName(call))}; find one with ${SEARCH_TOOL}.`);
      const connection = this.options.connection(entry.server);
      if (!connection) throw new McpCallFailure('unavailable', `The MCP server "${entry.server}" is not configured.`);
      const args = this.options.mode === 'selector' ? selectedArguments(call) : call.arguments;
      return await callMcpTool({ id: call.id, tool: entry.tool.name, arguments: args }, connection, this.options.telemetry, signal);
    } catch (error) {
      if (!(error instanceof McpCallFailure)) throw error;
      return { content: [{ type: 'text', text: error.message }], isError: true };
    }
  }

  private entryFor(call: HubToolCallPart): McpToolEntry | undefined {
    if (this.options.mode !== 'selector') return this.byName.get(call.name);
    if (call.name !== CALL_TOOL) return undefined;
    const name = selectedName(call);
    return name === undefined ? undefined : this.byName.get(name);
  }
}

/** The tool `mcp_call_tool` names, when its arguments can be read. */
function selectedName(call: HubToolCallPart): string | undefined {
  try {
    const { name } = parseArguments(call.arguments);
    return typeof name === 'string' ? name : undefined;
  } catch {
    return undefined;
  }
}

/** The arguments `mcp_call_tool` passes on, as JSON text; its own arguments when they cannot be read. */
function shownSelectedArguments(call: HubToolCallPart): string {
  try {
    return JSON.stringify(selectedArguments(call));
  } catch {
    return call.arguments;
  }
}

function selectedArguments(call: HubToolCallPart): Record<string, unknown> {
  const { arguments: args } = parseArguments(call.arguments);
  if (args === undefined) return {};
  if (args === null || typeof args !== 'object' || Array.isArray(args)) throw new McpCallFailure('invalid_arguments', '"arguments" must be a JSON object.');
  return args as Record<string, unknown>;
}

/** An MCP tool as the model is offered it: its input schema as the parameters (always an object schema, without `$schema`). */
function toHubTool(entry: McpToolEntry): HubTool {
  const { $schema: _schema, ...schema } = entry.tool.inputSchema as Record<string, unknown>;
  const description = entry.tool.description ?? entry.tool.title;
  return { name: entry.exposedName, ...(description ? { description } : {}), parameters: { ...schema, type: 'object' } };
}
