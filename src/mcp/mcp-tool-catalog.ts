import type { Tool } from '@modelcontextprotocol/sdk/types.js';
import { createHash } from 'node:crypto';

/** A tool of a connected server, and the name the model knows it by. */
export interface McpToolEntry {
  /** `mcp_<tool>`; `mcp_<server>_<tool>` when servers share the tool's name. At most 64 of `[A-Za-z0-9_-]`, as every provider accepts. */
  exposedName: string;
  server: string;
  tool: Tool;
}

export interface McpCatalog {
  entries: McpToolEntry[];
  /** Tools left out because their name was taken (a server listing one name twice). */
  duplicates: Array<{ server: string; tool: string }>;
}

export interface McpToolFilter {
  include: readonly string[];
  exclude: readonly string[];
}

const MAX_NAME = 64;

/**
 * The tools the gateway offers, from the connected servers in configuration order: those the
 * include list names (all when it is empty) and the exclude list does not. An entry of either list
 * is a tool's own name (any server), its offered name (`mcp_get_weather`), or `<server>/<tool>`.
 */
export function buildCatalog(servers: ReadonlyArray<{ server: string; tools: readonly Tool[] }>, filter: McpToolFilter): McpCatalog {
  const chosen = servers.flatMap(({ server, tools }) => tools.filter((tool) => isChosen(server, tool.name, filter)).map((tool) => ({ server, tool })));
  const shared = new Map<string, number>();
  for (const { tool } of chosen) shared.set(baseName(tool.name), (shared.get(baseName(tool.name)) ?? 0) + 1);
  const entries: McpToolEntry[] = [];
  const duplicates: McpCatalog['duplicates'] = [];
  const taken = new Set<string>();
  for (const { server, tool } of chosen) {
    const base = baseName(tool.name);
    const exposedName = fit((shared.get(base) ?? 0) > 1 ? `mcp_${safe(server)}_${safe(tool.name)}` : base, `${server}/${tool.name}`);
    if (taken.has(exposedName)) {
      duplicates.push({ server, tool: tool.name });
      continue;
    }
    taken.add(exposedName);
    entries.push({ exposedName, server, tool });
  }
  return { entries, duplicates };
}

function isChosen(server: string, name: string, filter: McpToolFilter): boolean {
  const names = [name, baseName(name), `${server}/${name}`];
  const listed = (list: readonly string[]) => list.some((entry) => names.includes(entry));
  if (filter.include.length > 0 && !listed(filter.include)) return false;
  return !listed(filter.exclude);
}

const baseName = (name: string) => fit(`mcp_${safe(name)}`, name);

const safe = (text: string) => text.replace(/[^A-Za-z0-9_-]/g, '_');

/** A name cut to 64 characters keeps a hash of what it stands for, so two long names stay apart. */
function fit(name: string, key: string): string {
  if (name.length <= MAX_NAME) return name;
  const hash = createHash('sha256').update(key).digest('hex').slice(0, 8);
  return `${name.slice(0, MAX_NAME - hash.length - 1)}_${hash}`;
}
