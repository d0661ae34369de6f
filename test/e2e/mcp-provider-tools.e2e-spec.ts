import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import { startTestGateway, type TestGateway } from '../support/gateway-harness.js';
import { startMcpTestServer, STANDARD_TOOLS, type McpTestServer } from '../support/mcp-test-server.js';
import { waitForMcpTools } from '../support/mcp-wait.js';
import { startMockAnthropicUpstream, type MockAnthropicUpstream } from '../support/mock-anthropic-upstream.js';
import { MOCK_KEY, startMockOpenAiUpstream, type MockUpstream } from '../support/mock-openai-upstream.js';

/**
 * A request for the provider's own tools (OpenAI's built-in tools, Anthropic's server tools) can
 * only be served by relaying it: with MCP on, it is relayed as the client sent it, without the
 * gateway's tools, instead of being refused by a translation that cannot carry those tools.
 */

type Json = Record<string, unknown>;

let anthropicUpstream: MockAnthropicUpstream;
let openaiUpstream: MockUpstream;
let mcp: McpTestServer;
let gateway: TestGateway;

beforeAll(async () => {
  [anthropicUpstream, openaiUpstream, mcp] = await Promise.all([
    startMockAnthropicUpstream(),
    startMockOpenAiUpstream('openai'),
    startMcpTestServer({ transport: 'streamable-http', tools: STANDARD_TOOLS }),
  ]);
  gateway = await startTestGateway({
    ANTHROPIC_API_URL: anthropicUpstream.baseUrl,
    ANTHROPIC_API_KEY: MOCK_KEY,
    OPENAI_API_URL: openaiUpstream.baseUrl,
    OPENAI_API_KEY: MOCK_KEY,
    MCP_ENABLED: 'true',
    MCP_EXPOSE: 'true',
    MCP_SERVERS: `tools=${mcp.url}`,
  });
  await waitForMcpTools(gateway.url, ['mcp_echo']);
}, 30_000);

afterAll(async () => {
  await gateway?.close();
  await Promise.all([anthropicUpstream?.close(), openaiUpstream?.close(), mcp?.close()]);
});

it("relays a Responses request with OpenAI's built-in web search as it is, without MCP tools", async () => {
  const openai = new OpenAI({ baseURL: `${gateway.url}/v1`, apiKey: 'unused', maxRetries: 0 });
  const tools = [{ type: 'web_search' as const }];
  const answer = await openai.responses.create({ model: 'openai/gpt-4o-mini', input: 'News today?', tools });
  expect(answer.object).toBe('response');
  const sent = openaiUpstream.requests.filter((request) => request.path.endsWith('/responses')).at(-1)?.body as Json;
  expect(sent).toEqual({ model: 'gpt-4o-mini', input: 'News today?', tools });
});

it("relays a Messages request with Anthropic's server web search as it is, without MCP tools", async () => {
  const anthropic = new Anthropic({ baseURL: gateway.url, apiKey: 'unused', maxRetries: 0 });
  const tools = [{ type: 'web_search_20250305' as const, name: 'web_search' as const, max_uses: 2 }];
  const body = { model: 'anthropic/claude-sonnet-4-5-20250929', max_tokens: 64, messages: [{ role: 'user' as const, content: 'News today?' }], tools };
  const message = await anthropic.messages.create(body);
  expect(message.type).toBe('message');
  expect(anthropicUpstream.requests.at(-1)?.body).toEqual({ ...body, model: 'claude-sonnet-4-5-20250929' });
});

it('still adds the MCP tools to a request the gateway can translate', async () => {
  const anthropic = new Anthropic({ baseURL: gateway.url, apiKey: 'unused', maxRetries: 0 });
  await anthropic.messages.create({ model: 'anthropic/claude-sonnet-4-5-20250929', max_tokens: 64, messages: [{ role: 'user', content: 'Hi' }] });
  const sent = anthropicUpstream.requests.at(-1)?.body as { tools?: Array<{ name: string }> };
  expect(sent.tools?.map((tool) => tool.name)).toContain('mcp_echo');
});
