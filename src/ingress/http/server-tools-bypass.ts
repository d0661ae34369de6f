import type { IncomingHttpHeaders } from 'node:http';

/** `X-MCP-Bypass: true`: the client asks to be served without the gateway's MCP tools (its request is then relayed as usual). */
export function bypassesServerTools(headers: IncomingHttpHeaders): boolean {
  const value = headers['x-mcp-bypass'];
  return (Array.isArray(value) ? value[0] : value)?.trim().toLowerCase() === 'true';
}
