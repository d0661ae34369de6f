import type { Tool } from '@modelcontextprotocol/sdk/types.js';
import { buildCatalog, type McpToolFilter } from './mcp-tool-catalog.js';

const tool = (name: string): Tool => ({ name, inputSchema: { type: 'object' } });
const none: McpToolFilter = { include: [], exclude: [] };
const names = (servers: Array<{ server: string; tools: Tool[] }>, filter = none) => buildCatalog(servers, filter).entries.map((entry) => entry.exposedName);

describe('the MCP tool catalog', () => {
  it('offers each tool as mcp_<name>, characters providers refuse replaced', () => {
    expect(names([{ server: 'docs', tools: [tool('search'), tool('files.read'), tool('get weather')] }])).toEqual([
      'mcp_search',
      'mcp_files_read',
      'mcp_get_weather',
    ]);
  });

  it('tells tools that share a name apart by their server', () => {
    expect(
      names([
        { server: 'alpha', tools: [tool('echo'), tool('add')] },
        { server: 'beta.example.com', tools: [tool('echo')] },
      ]),
    ).toEqual(['mcp_alpha_echo', 'mcp_add', 'mcp_beta_example_com_echo']);
  });

  it('keeps names within 64 characters, two long names apart', () => {
    const long = 'a'.repeat(80);
    const offered = names([{ server: 'docs', tools: [tool(`${long}1`), tool(`${long}2`)] }]);
    expect(offered.every((name) => name.length === 64 && /^[A-Za-z0-9_-]+$/.test(name))).toBe(true);
    expect(new Set(offered).size).toBe(2);
  });

  it('leaves out a second tool of the same name on one server, and says so', () => {
    const catalog = buildCatalog([{ server: 'docs', tools: [tool('search'), tool('search')] }], none);
    expect(catalog.entries).toHaveLength(1);
    expect(catalog.duplicates).toEqual([{ server: 'docs', tool: 'search' }]);
  });

  it.each([
    [{ include: ['search'], exclude: [] }, ['mcp_search']],
    [{ include: ['mcp_delete', 'docs/search'], exclude: [] }, ['mcp_search', 'mcp_delete']],
    [{ include: [], exclude: ['delete'] }, ['mcp_search', 'mcp_read']],
    [{ include: ['search', 'delete'], exclude: ['docs/delete'] }, ['mcp_search']],
  ])('applies the include and exclude lists (%j)', (filter, expected) => {
    expect(names([{ server: 'docs', tools: [tool('search'), tool('delete'), tool('read')] }], filter)).toEqual(expected);
  });
});
