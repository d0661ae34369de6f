import OpenAI from 'openai';
import { startTestGateway, type TestGateway } from '../support/gateway-harness.js';
import { startMcpTestServer, STANDARD_TOOLS, type McpTestServer, type TestTool } from '../support/mcp-test-server.js';
import { listMcpTools, waitForMcpTools } from '../support/mcp-wait.js';
import { MOCK_KEY, startMockOpenAiUpstream, type MockUpstream } from '../support/mock-openai-upstream.js';

/**
 * Which MCP tools a model is offered, and under which names: MCP_INCLUDE_TOOLS and
 * MCP_EXCLUDE_TOOLS, servers that share a tool name, a client tool with the same name as an MCP
 * one (the client's wins), the selector mode's two tools, and GET /v1/mcp/tools only with
 * MCP_EXPOSE.
 */

const MODEL = 'openai/gpt-4o-mini';
type Json = Record<string, unknown>;

const text = (name: string, description: string, answer: string): TestTool => ({
  name,
  description,
  run: () => ({ content: [{ type: 'text', text: answer }] }),
});
const BETA_TOOLS = [
  text('echo', 'Echo of beta', 'beta echo'),
  text('search_docs', 'Searches the documentation', 'docs found'),
  text('delete_all', 'Deletes everything', 'gone'),
];

let upstream: MockUpstream;
let alpha: McpTestServer;
let beta: McpTestServer;
let gateway: TestGateway | undefined;
let client: OpenAI;

beforeAll(async () => {
  [upstream, alpha, beta] = await Promise.all([
    startMockOpenAiUpstream('openai'),
    startMcpTestServer({ transport: 'streamable-http', tools: STANDARD_TOOLS }),
    startMcpTestServer({ transport: 'streamable-http', tools: BETA_TOOLS }),
  ]);
});

afterAll(async () => {
  await gateway?.close();
  await Promise.all([upstream?.close(), alpha?.close(), beta?.close()]);
});

async function restartGateway(env: Record<string, string>): Promise<void> {
  await gateway?.close();
  gateway = await startTestGateway({
    OPENAI_API_URL: upstream.baseUrl,
    OPENAI_API_KEY: MOCK_KEY,
    MCP_ENABLED: 'true',
    MCP_SERVERS: `alpha=${alpha.url},beta=${beta.url}`,
    ...env,
  });
  client = new OpenAI({ baseURL: `${gateway.url}/v1`, apiKey: 'unused', maxRetries: 0 });
}

async function offeredTools(body: Json = {}): Promise<string[]> {
  upstream.requests.length = 0;
  await client.chat.completions.create({ model: MODEL, messages: [{ role: 'user', content: 'Hi' }], ...body });
  return ((upstream.requests[0].body!.tools ?? []) as Array<{ function: { name: string } }>).map((tool) => tool.function.name);
}

describe('names and lists (MCP_EXCLUDE_TOOLS, MCP_EXPOSE=true)', () => {
  beforeAll(async () => {
    await restartGateway({ MCP_EXPOSE: 'true', MCP_EXCLUDE_TOOLS: 'beta/delete_all,hang' });
    await waitForMcpTools(gateway!.url, ['mcp_alpha_echo', 'mcp_beta_echo', 'mcp_search_docs']);
  }, 30_000);

  it('offers every tool but the excluded ones; tools that share a name are told apart by their server', async () => {
    expect(await offeredTools()).toEqual(['mcp_alpha_echo', 'mcp_add', 'mcp_fail', 'mcp_beta_echo', 'mcp_search_docs']);
    const listing = await listMcpTools(gateway!.url);
    expect(listing.data.find((tool) => tool.name === 'mcp_beta_echo')).toEqual({
      name: 'mcp_beta_echo',
      tool: 'echo',
      server: 'beta',
      description: 'Echo of beta',
      input_schema: { type: 'object', properties: {} },
    });
    expect(JSON.stringify(listing)).not.toContain(alpha.url);
  });

  it('runs a shared name on its own server', async () => {
    const completion = await client.chat.completions.create({ model: MODEL, messages: [{ role: 'user', content: '#call:mcp_beta_echo' }] });
    expect(completion.choices[0].message.content).toContain('[MCP tool call] echo (beta) {}\n[MCP tool result] beta echo');
  });

  it("leaves out an MCP tool whose name a client tool has: the client's tool is offered, and its calls go back to the client", async () => {
    const clientTool = { type: 'function' as const, function: { name: 'mcp_add', parameters: { type: 'object', properties: {} } } };
    const offered = await offeredTools({ tools: [clientTool] });
    expect(offered.filter((name) => name === 'mcp_add')).toHaveLength(1);
    expect((upstream.requests[0].body!.tools as Json[])[0]).toEqual(clientTool);
    alpha.calls.length = 0;
    const completion = await client.chat.completions.create({
      model: MODEL,
      messages: [{ role: 'user', content: '#call:mcp_add{"a":1}' }],
      tools: [clientTool],
    });
    expect(completion.choices[0].finish_reason).toBe('tool_calls');
    expect(completion.choices[0].message.tool_calls).toHaveLength(1);
    expect(alpha.calls).toEqual([]);
  });
});

describe('MCP_INCLUDE_TOOLS, without MCP_EXPOSE', () => {
  beforeAll(async () => {
    await restartGateway({ MCP_INCLUDE_TOOLS: 'echo,mcp_add,beta/search_docs', MCP_EXCLUDE_TOOLS: 'beta/echo' });
  }, 30_000);

  it('offers only the included tools, less the excluded ones (an excluded name frees the shared one)', async () => {
    const deadline = Date.now() + 15_000;
    let offered: string[] = [];
    while (Date.now() < deadline && offered.length < 3) offered = await offeredTools();
    expect(offered).toEqual(['mcp_echo', 'mcp_add', 'mcp_search_docs']);
  }, 20_000);

  it('answers GET /v1/mcp/tools with the ordinary 404', async () => {
    const response = await fetch(`${gateway!.url}/v1/mcp/tools`);
    expect(response.status).toBe(404);
    expect(((await response.json()) as { error: Json }).error).toMatchObject({ message: 'Unknown route: GET /v1/mcp/tools' });
  });
});

describe('MCP_TOOL_MODE=selector', () => {
  beforeAll(async () => {
    await restartGateway({ MCP_EXPOSE: 'true', MCP_TOOL_MODE: 'selector', MCP_EXCLUDE_TOOLS: 'hang,fail,beta/echo' });
    await waitForMcpTools(gateway!.url, ['mcp_echo', 'mcp_search_docs']);
  }, 30_000);

  it('offers the search and call tools only', async () => {
    expect(await offeredTools()).toEqual(['mcp_search_tools', 'mcp_call_tool']);
  });

  it('finds tools by words of their description and calls the one named', async () => {
    alpha.calls.length = 0;
    const prompt = '#call:mcp_search_tools{"query":"adds numbers"} #call:mcp_call_tool{"name":"mcp_add","arguments":{"a":20,"b":22}}';
    const completion = await client.chat.completions.create({ model: MODEL, messages: [{ role: 'user', content: prompt }] });
    const content = completion.choices[0].message.content!;
    expect(content).toContain(
      '[MCP tool call] search_tools (gateway) {"query":"adds numbers"}\n[MCP tool result] {"tools":[{"name":"mcp_add","description":"Adds two numbers",',
    );
    // Shown as the call of the tool it ran, with that tool's own arguments.
    expect(content).toContain('[MCP tool call] add (alpha) {"a":20,"b":22}\n[MCP tool result] 42');
    expect(alpha.calls).toEqual([{ tool: 'add', arguments: { a: 20, b: 22 } }]);
  });

  it("gives the Responses API an mcp_call item with the named tool's own arguments", async () => {
    const prompt = '#call:mcp_call_tool{"name":"mcp_add","arguments":{"a":1,"b":2}}';
    const response = await client.responses.create({ model: MODEL, input: prompt });
    expect(response.output[0]).toMatchObject({ type: 'mcp_call', server_label: 'alpha', name: 'add', arguments: '{"a":1,"b":2}', output: '3' });
  });
});
