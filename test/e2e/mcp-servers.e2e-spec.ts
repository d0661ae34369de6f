import OpenAI from 'openai';
import { startTestGateway, type TestGateway } from '../support/gateway-harness.js';
import { startMcpTestServer, STANDARD_TOOLS, type McpTestServer } from '../support/mcp-test-server.js';
import { listMcpTools, waitForMcpTools } from '../support/mcp-wait.js';
import { MOCK_KEY, startMockOpenAiUpstream, type MockUpstream } from '../support/mock-openai-upstream.js';

/**
 * MCP servers come and go: one that is down when the gateway starts delays nothing (start-up,
 * readiness, requests) and its tools appear once it is up; a server whose tools change says so
 * (`notifications/tools/list_changed`) and the next request gets the new list.
 */

const MODEL = 'openai/gpt-4o-mini';
const ECHO = STANDARD_TOOLS[0];

let upstream: MockUpstream;
let late: McpTestServer;
let changing: McpTestServer;
let gateway: TestGateway;
let client: OpenAI;

beforeAll(async () => {
  [upstream, late, changing] = await Promise.all([
    startMockOpenAiUpstream('openai'),
    startMcpTestServer({ transport: 'streamable-http', tools: [{ ...ECHO, name: 'late_echo' }], refusing: true }),
    startMcpTestServer({ transport: 'streamable-http', tools: [ECHO] }),
  ]);
  gateway = await startTestGateway({
    OPENAI_API_URL: upstream.baseUrl,
    OPENAI_API_KEY: MOCK_KEY,
    MCP_ENABLED: 'true',
    MCP_EXPOSE: 'true',
    MCP_SERVERS: `late=${late.url},changing=${changing.url}`,
    MCP_INITIAL_BACKOFF: '50ms',
    MCP_RECONNECT_INTERVAL: '250ms',
  });
  client = new OpenAI({ baseURL: `${gateway.url}/v1`, apiKey: 'unused', maxRetries: 0 });
  await waitForMcpTools(gateway.url, ['mcp_echo']);
}, 30_000);

afterAll(async () => {
  await gateway?.close();
  await Promise.all([upstream?.close(), late?.close(), changing?.close()]);
});

const offeredTools = async () => {
  upstream.requests.length = 0;
  await client.chat.completions.create({ model: MODEL, messages: [{ role: 'user', content: 'Hi' }] });
  return ((upstream.requests[0].body!.tools ?? []) as Array<{ function: { name: string } }>).map((tool) => tool.function.name);
};

describe('a server that is down when the gateway starts', () => {
  it('neither stops start-up nor readiness, and requests are served with the tools there are', async () => {
    expect((await fetch(`${gateway.url}/health/ready`)).status).toBe(200);
    const { servers } = await listMcpTools(gateway.url);
    expect(servers.find((server) => server.name === 'late')).toMatchObject({ state: 'connecting', tools: 0 });
    expect(await offeredTools()).toEqual(['mcp_echo']);
    expect(gateway.logs.some((line) => line.msg === 'MCP server unreachable; retrying' && line.server === 'late')).toBe(true);
  });

  it('is retried, and its tools are offered once it is up', async () => {
    late.refuse(false);
    await waitForMcpTools(gateway.url, ['mcp_late_echo', 'mcp_echo']);
    expect(await offeredTools()).toEqual(['mcp_late_echo', 'mcp_echo']);
    const completion = await client.chat.completions.create({ model: MODEL, messages: [{ role: 'user', content: '#call:mcp_late_echo{"text":"up"}' }] });
    expect(completion.choices[0].message.content).toContain('Tool results: echo: up');
  }, 20_000);
});

describe('notifications/tools/list_changed', () => {
  it('has the gateway list the tools again: a new tool is offered, a removed one no longer', async () => {
    await changing.setTools([STANDARD_TOOLS[1]]);
    await waitForMcpTools(gateway.url, ['mcp_add']);
    const offered = await offeredTools();
    expect(offered).toContain('mcp_add');
    expect(offered).not.toContain('mcp_echo');
  }, 20_000);
});
