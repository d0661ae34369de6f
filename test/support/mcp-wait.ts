/** `GET /v1/mcp/tools` (the gateway needs MCP_EXPOSE=true). */
export async function listMcpTools(
  gatewayUrl: string,
  headers: Record<string, string> = {},
): Promise<{ data: Array<Record<string, unknown>>; servers: Array<Record<string, unknown>> }> {
  const response = await fetch(`${gatewayUrl}/v1/mcp/tools`, { headers });
  if (response.status !== 200) throw new Error(`GET /v1/mcp/tools answered ${response.status}: ${await response.text()}`);
  return (await response.json()) as { data: Array<Record<string, unknown>>; servers: Array<Record<string, unknown>> };
}

/**
 * Waits until the gateway offers the tools `expected` names (offered names, `mcp_…`): servers are
 * connected in the background. Generous bound: connecting and listing take a few round trips on a
 * loaded machine.
 */
export async function waitForMcpTools(gatewayUrl: string, expected: readonly string[], timeoutMs = 15_000): Promise<string[]> {
  const deadline = Date.now() + timeoutMs;
  let names: string[] = [];
  while (Date.now() < deadline) {
    names = (await listMcpTools(gatewayUrl)).data.map((tool) => String(tool.name));
    if (expected.every((name) => names.includes(name))) return names;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  throw new Error(`The gateway offered ${JSON.stringify(names)}, not ${JSON.stringify(expected)}, within ${timeoutMs} ms`);
}
