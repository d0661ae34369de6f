import OpenAI from 'openai';
import { startTestGateway, type TestGateway } from '../support/gateway-harness.js';
import { startMcpTestServer, STANDARD_TOOLS, type McpTestServer } from '../support/mcp-test-server.js';
import { listMcpTools, waitForMcpTools } from '../support/mcp-wait.js';
import { MOCK_KEY, startMockOpenAiUpstream, type MockUpstream } from '../support/mock-openai-upstream.js';

/**
 * With MCP on but no tool to offer (every server down), a request is served as with MCP off:
 * relayed to a provider of its own dialect, its body as the client sent it; once a server is up,
 * its tools are added again.
 */

const MODEL = 'openai/gpt-4o-mini';

let upstream: MockUpstream;
let mcp: McpTestServer;
let gateway: TestGateway;
let client: OpenAI;

beforeAll(async () => {
  [upstream, mcp] = await Promise.all([
    startMockOpenAiUpstream('openai'),
    startMcpTestServer({ transport: 'streamable-http', tools: [STANDARD_TOOLS[0]], refusing: true }),
  ]);
  gateway = await startTestGateway({
    OPENAI_API_URL: upstream.baseUrl,
    OPENAI_API_KEY: MOCK_KEY,
    MCP_ENABLED: 'true',
    MCP_EXPOSE: 'true',
    MCP_SERVERS: `tools=${mcp.url}`,
    MCP_INITIAL_BACKOFF: '50ms',
    MCP_RECONNECT_INTERVAL: '250ms',
  });
  client = new OpenAI({ baseURL: `${gateway.url}/v1`, apiKey: 'unused', maxRetries: 0 });
}, 30_000);

afterAll(async () => {
  await gateway?.close();
  await Promise.all([upstream?.close(), mcp?.close()]);
});

// Fields the translation into the hub and back would not keep as they are: only a relay sends them so.
const BODY = {
  model: MODEL,
  messages: [{ role: 'user' as const, content: [{ type: 'text' as const, text: 'Hi' }] }],
  metadata: { team: 'search' },
  store: false,
};

it('relays a request as the client sent it while no MCP server offers a tool', async () => {
  expect((await listMcpTools(gateway.url)).servers).toEqual([expect.objectContaining({ name: 'tools', state: 'connecting', tools: 0 })]);
  upstream.requests.length = 0;
  await client.chat.completions.create(BODY);
  expect(upstream.requests).toHaveLength(1);
  expect(upstream.requests[0].body).toEqual({ ...BODY, model: 'gpt-4o-mini' });
});

it('adds the tools again once the server is up', async () => {
  mcp.refuse(false);
  await waitForMcpTools(gateway.url, ['mcp_echo']);
  upstream.requests.length = 0;
  await client.chat.completions.create(BODY);
  const sent = upstream.requests[0].body!;
  expect((sent.tools as Array<{ function: { name: string } }>).map((tool) => tool.function.name)).toEqual(['mcp_echo']);
  expect(sent.metadata).toBeUndefined();
}, 20_000);
