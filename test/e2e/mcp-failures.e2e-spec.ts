import OpenAI from 'openai';
import { startTestGateway, type TestGateway } from '../support/gateway-harness.js';
import { startMcpTestServer, STANDARD_TOOLS, type McpTestServer, type TestTool } from '../support/mcp-test-server.js';
import { waitForMcpTools } from '../support/mcp-wait.js';
import { MOCK_KEY, startMockOpenAiUpstream, type MockUpstream } from '../support/mock-openai-upstream.js';

/**
 * What the model is told when an MCP tool fails: a tool that throws, one that hangs past
 * MCP_REQUEST_TIMEOUT (the call is cancelled at the server), a server that goes away in the middle
 * of a call, arguments that are not JSON; and the limit on model calls per request.
 */

const MODEL = 'openai/gpt-4o-mini';
type Json = Record<string, unknown>;

/** Takes its server down in the middle of the call, and never answers. */
const VANISH: TestTool = {
  name: 'vanish',
  description: 'Takes the server down',
  run: (_args, { server, signal }) => {
    setTimeout(() => server.refuse(true), 50);
    return new Promise((resolve) => signal.addEventListener('abort', () => resolve({ content: [] }), { once: true }));
  },
};

let upstream: MockUpstream;
let mcp: McpTestServer;
let gateway: TestGateway;
let client: OpenAI;

beforeAll(async () => {
  [upstream, mcp] = await Promise.all([
    startMockOpenAiUpstream('openai'),
    startMcpTestServer({ transport: 'streamable-http', tools: [...STANDARD_TOOLS, VANISH] }),
  ]);
  gateway = await startTestGateway({
    OPENAI_API_URL: upstream.baseUrl,
    OPENAI_API_KEY: MOCK_KEY,
    MCP_ENABLED: 'true',
    MCP_EXPOSE: 'true',
    MCP_SERVERS: `tools=${mcp.url}`,
    // Long enough for a loaded machine to answer the ordinary calls, short enough for the test.
    MCP_REQUEST_TIMEOUT: '1500ms',
    MCP_CLIENT_TIMEOUT: '1s',
    MCP_INITIAL_BACKOFF: '50ms',
    MCP_RECONNECT_INTERVAL: '200ms',
    MCP_MAX_ITERATIONS: '3',
  });
  client = new OpenAI({ baseURL: `${gateway.url}/v1`, apiKey: 'unused', maxRetries: 0 });
  await waitForMcpTools(gateway.url, ['mcp_echo', 'mcp_vanish']);
}, 30_000);

afterAll(async () => {
  await gateway?.close();
  await Promise.all([upstream?.close(), mcp?.close()]);
});

beforeEach(() => {
  upstream.requests.length = 0;
  mcp.calls.length = 0;
});

const ask = async (content: string) => {
  const completion = await client.chat.completions.create({ model: MODEL, messages: [{ role: 'user', content }] });
  return completion.choices[0];
};
const sentToModel = (index: number) => (upstream.requests[index].body!.messages as Json[]).filter((message) => message.role === 'tool');

describe('MCP tool failures reach the model as tool results', () => {
  it('a tool that throws: the error text, marked as an error', async () => {
    const choice = await ask('#call:mcp_fail');
    expect(choice.message.content).toContain('[MCP tool error] the database is on fire');
    expect(sentToModel(1)).toEqual([{ role: 'tool', tool_call_id: 'call_openai_0_0', content: 'Error: the database is on fire' }]);
    expect(choice.message.content).toContain('Tool results: Error: the database is on fire');
  });

  it('a tool that hangs past MCP_REQUEST_TIMEOUT: a timeout, and the call cancelled at the server', async () => {
    const choice = await ask('#call:mcp_hang');
    expect(sentToModel(1)[0].content).toBe('Error: The tool did not answer within 1.5s (MCP_REQUEST_TIMEOUT); the call was cancelled.');
    expect(choice.finish_reason).toBe('stop');
    expect(mcp.cancelled).toContain('hang');
  }, 15_000);

  it('arguments that are not JSON: the model is told, and its turn is sent back with arguments the provider accepts', async () => {
    const choice = await ask('#call:mcp_echo{oops}');
    expect(choice.message.content).toContain('[MCP tool error] The arguments are not valid JSON');
    expect(mcp.calls).toEqual([]);
    const turn = (upstream.requests[1].body!.messages as Json[])[1];
    expect(turn.tool_calls).toEqual([{ id: 'call_openai_0_0', type: 'function', function: { name: 'mcp_echo', arguments: '{}' } }]);
  });

  it('a server that goes away during the call: a disconnect, then the server is connected again when it is back', async () => {
    const choice = await ask('#call:mcp_vanish');
    expect(sentToModel(1)[0].content).toMatch(/^Error: The MCP server "tools" went away during the call\.$/);
    mcp.refuse(false);
    await waitForMcpTools(gateway.url, ['mcp_echo', 'mcp_vanish']);
    expect(choice.finish_reason).toBe('stop');
    expect((await ask('#call:mcp_echo{"text":"back"}')).message.content).toContain('Tool results: echo: back');
  }, 20_000);
});

describe('the limit on model calls (MCP_MAX_ITERATIONS)', () => {
  it('stops a model that keeps calling tools: the last calls are shown as not run', async () => {
    const choice = await ask('#again #call:mcp_echo{"text":"more"}');
    expect(upstream.requests.filter((request) => request.path.endsWith('/chat/completions'))).toHaveLength(3);
    expect(mcp.calls).toHaveLength(2);
    expect(choice.message.content).toMatch(
      /\[MCP tool error\] Not run: this request reached the gateway's limit of 3 model calls \(MCP_MAX_ITERATIONS\)\.\n\n$/,
    );
    expect(choice.finish_reason).toBe('stop');
  });

  it('shows consecutive calls one blank line apart, streamed as in JSON', async () => {
    const shown = '[MCP tool call] echo (tools) {"text":"more"}\n[MCP tool result] echo: more\n\n'.repeat(2);
    const last = '[MCP tool call] echo (tools) {"text":"more"}\n[MCP tool error] Not run';
    const choice = await ask('#again #call:mcp_echo{"text":"more"}');
    expect(choice.message.content).toContain(shown + last);
    const stream = await client.chat.completions.create({
      model: MODEL,
      stream: true,
      messages: [{ role: 'user', content: '#again #call:mcp_echo{"text":"more"}' }],
    });
    let streamed = '';
    for await (const chunk of stream) streamed += chunk.choices[0]?.delta.content ?? '';
    expect(streamed).toBe(choice.message.content);
  });
});
