import { startTestGateway, type TestGateway } from '../support/gateway-harness.js';
import { startMcpTestServer, STANDARD_TOOLS, type McpTestServer } from '../support/mcp-test-server.js';
import { waitForMcpTools } from '../support/mcp-wait.js';
import { MOCK_KEY, startMockOpenAiUpstream, type MockUpstream } from '../support/mock-openai-upstream.js';

/**
 * A server whose credentials are written in its URL (`http://user:pass@host/mcp`): `fetch` refuses
 * such a URL, quoting it in its error, so the gateway sends them as the `Authorization` header.
 */

const PASSWORD = 'url-password-5e1b';

let upstream: MockUpstream;
let mcp: McpTestServer;
let gateway: TestGateway;

beforeAll(async () => {
  [upstream, mcp] = await Promise.all([startMockOpenAiUpstream('openai'), startMcpTestServer({ transport: 'streamable-http', tools: [STANDARD_TOOLS[0]] })]);
  gateway = await startTestGateway({
    OPENAI_API_URL: upstream.baseUrl,
    OPENAI_API_KEY: MOCK_KEY,
    MCP_ENABLED: 'true',
    MCP_EXPOSE: 'true',
    MCP_SERVERS: `private=${mcp.url.replace('http://', `http://tools-user:${PASSWORD}@`)}`,
    MCP_INITIAL_BACKOFF: '50ms',
    MCP_RECONNECT_INTERVAL: '250ms',
  });
  await waitForMcpTools(gateway.url, ['mcp_echo']);
}, 30_000);

afterAll(async () => {
  await gateway?.close();
  await Promise.all([upstream?.close(), mcp?.close()]);
});

it("connects with the URL's credentials sent as Basic authorization, and never logs them", async () => {
  const basic = `Basic ${Buffer.from(`tools-user:${PASSWORD}`).toString('base64')}`;
  expect(mcp.headers.length).toBeGreaterThan(0);
  expect(mcp.headers.every((headers) => headers.authorization === basic)).toBe(true);
  const response = await fetch(`${gateway.url}/v1/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ model: 'openai/gpt-4o-mini', messages: [{ role: 'user', content: '#call:mcp_echo{"text":"in"}' }] }),
  });
  expect(await response.text()).toContain('Tool results: echo: in');
  const logs = gateway.rawLogs.join('\n');
  expect(logs).not.toContain(PASSWORD);
  expect(logs).not.toContain(basic.slice('Basic '.length));
});
