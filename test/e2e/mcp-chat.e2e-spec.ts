import OpenAI from 'openai';
import { startTestGateway, type TestGateway } from '../support/gateway-harness.js';
import { startMcpTestServer, STANDARD_TOOLS, type McpTestServer } from '../support/mcp-test-server.js';
import { waitForMcpTools } from '../support/mcp-wait.js';
import { MOCK_KEY, startMockOpenAiUpstream, type MockUpstream } from '../support/mock-openai-upstream.js';
import { MOCK_USAGE } from '../support/openai-responses.js';

/**
 * MCP tools through OpenAI Chat Completions: a real MCP server (Streamable HTTP), the gateway's
 * tool loop, and the official `openai` client with no tool loop of its own.
 */

const MODEL = 'openai/gpt-4o-mini';
const WEATHER_TOOL = {
  type: 'function' as const,
  function: { name: 'get_weather', description: 'Weather by city', parameters: { type: 'object', properties: { city: { type: 'string' } } } },
};

let upstream: MockUpstream;
let mcp: McpTestServer;
let gateway: TestGateway;
let client: OpenAI;

beforeAll(async () => {
  [upstream, mcp] = await Promise.all([startMockOpenAiUpstream('openai'), startMcpTestServer({ transport: 'streamable-http', tools: STANDARD_TOOLS })]);
  gateway = await startTestGateway({
    OPENAI_API_URL: upstream.baseUrl,
    OPENAI_API_KEY: MOCK_KEY,
    MCP_ENABLED: 'true',
    MCP_EXPOSE: 'true',
    MCP_SERVERS: `tools=${mcp.url}`,
    MCP_SERVER_HEADERS_TOOLS: 'Authorization=Bearer%20mcp-server-token-4d1f',
  });
  client = new OpenAI({ baseURL: `${gateway.url}/v1`, apiKey: 'unused', maxRetries: 0 });
  await waitForMcpTools(gateway.url, ['mcp_echo', 'mcp_add', 'mcp_fail', 'mcp_hang']);
}, 30_000);

afterAll(async () => {
  await gateway?.close();
  await Promise.all([upstream?.close(), mcp?.close()]);
});

beforeEach(() => {
  upstream.requests.length = 0;
  mcp.calls.length = 0;
});

const chatRequests = () => upstream.requests.filter((request) => request.path.endsWith('/chat/completions')).map((request) => request.body!);

describe('MCP tools in OpenAI chat requests', () => {
  it('adds the MCP tools next to the client tool, each with its input schema', async () => {
    await client.chat.completions.create({ model: MODEL, messages: [{ role: 'user', content: 'Hi' }], tools: [WEATHER_TOOL] });
    const [sent] = chatRequests();
    const tools = sent.tools as Array<{ type: string; function: { name: string; description?: string; parameters?: Record<string, unknown> } }>;
    expect(tools.map((tool) => tool.function.name)).toEqual(['get_weather', 'mcp_echo', 'mcp_add', 'mcp_fail', 'mcp_hang']);
    expect(tools[1]).toEqual({
      type: 'function',
      function: {
        name: 'mcp_echo',
        description: 'Says the text back',
        parameters: { type: 'object', properties: { text: { type: 'string' } }, required: ['text'] },
      },
    });
  });

  it('runs the tool the model calls and answers with its result (JSON), the usage of both calls added up', async () => {
    const completion = await client.chat.completions.create({
      model: MODEL,
      messages: [{ role: 'user', content: 'Echo please #call:mcp_echo{"text":"hello"}' }],
    });
    const message = completion.choices[0].message;
    expect(message.content).toBe('[MCP tool call] echo (tools) {"text":"hello"}\n[MCP tool result] echo: hello\n\nTool results: echo: hello');
    expect(message.tool_calls).toBeUndefined();
    expect(completion.choices[0].finish_reason).toBe('stop');
    expect(completion.usage).toMatchObject({ prompt_tokens: 2 * MOCK_USAGE.prompt_tokens, completion_tokens: 2 * MOCK_USAGE.completion_tokens });
    expect(mcp.calls).toEqual([{ tool: 'echo', arguments: { text: 'hello' } }]);
    // The second call carries the model's turn and the tool's result.
    const [, second] = chatRequests();
    expect((second.messages as unknown[]).slice(1)).toEqual([
      {
        role: 'assistant',
        content: null,
        tool_calls: [{ id: 'call_openai_0_0', type: 'function', function: { name: 'mcp_echo', arguments: '{"text":"hello"}' } }],
      },
      { role: 'tool', tool_call_id: 'call_openai_0_0', content: 'echo: hello' },
    ]);
  });

  it('streams every call of the loop as one answer: one role chunk, the tool shown as content, one finish, one [DONE]', async () => {
    const stream = await client.chat.completions.create({
      model: MODEL,
      stream: true,
      stream_options: { include_usage: true },
      messages: [{ role: 'user', content: 'Add #call:mcp_add{"a":2,"b":3}' }],
    });
    const chunks = [];
    for await (const chunk of stream) chunks.push(chunk);
    const content = chunks.map((chunk) => chunk.choices[0]?.delta.content ?? '').join('');
    expect(content).toBe('[MCP tool call] add (tools) {"a":2,"b":3}\n[MCP tool result] 5\n\nTool results: 5');
    expect(chunks.filter((chunk) => chunk.choices[0]?.delta.role === 'assistant')).toHaveLength(1);
    expect(chunks.flatMap((chunk) => chunk.choices.map((choice) => choice.finish_reason)).filter(Boolean)).toEqual(['stop']);
    expect(chunks.some((chunk) => chunk.choices[0]?.delta.tool_calls)).toBe(false);
    expect(chunks.at(-1)!.usage).toMatchObject({ prompt_tokens: 2 * MOCK_USAGE.prompt_tokens, completion_tokens: 2 * MOCK_USAGE.completion_tokens });
    expect(new Set(chunks.map((chunk) => chunk.id)).size).toBe(1);
  });

  it('ends the stream with exactly one [DONE]', async () => {
    const response = await fetch(`${gateway.url}/v1/chat/completions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ model: MODEL, stream: true, messages: [{ role: 'user', content: '#call:mcp_echo{"text":"x"}' }] }),
    });
    const text = await response.text();
    expect(text.match(/data: \[DONE\]/g)).toHaveLength(1);
    expect(text.endsWith('data: [DONE]\n\n')).toBe(true);
  });

  it('returns the client tool call to the client after running the MCP call of the same turn', async () => {
    const completion = await client.chat.completions.create({
      model: MODEL,
      messages: [{ role: 'user', content: 'Both #call:mcp_echo{"text":"a"} #call:get_weather{"city":"Oslo"}' }],
      tools: [WEATHER_TOOL],
    });
    const choice = completion.choices[0];
    expect(choice.finish_reason).toBe('tool_calls');
    expect(choice.message.tool_calls).toEqual([{ id: 'call_openai_0_1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Oslo"}' } }]);
    expect(choice.message.content).toBe('[MCP tool call] echo (tools) {"text":"a"}\n[MCP tool result] echo: a\n\n');
    expect(mcp.calls).toEqual([{ tool: 'echo', arguments: { text: 'a' } }]);
    expect(chatRequests()).toHaveLength(1);
  });

  it('sends the server its own headers, and never logs them', () => {
    expect(mcp.headers.length).toBeGreaterThan(0);
    expect(mcp.headers.every((headers) => headers.authorization === 'Bearer mcp-server-token-4d1f')).toBe(true);
    expect(gateway.rawLogs.join('\n')).not.toContain('mcp-server-token-4d1f');
  });

  it('relays the request as it is with X-MCP-Bypass: true', async () => {
    const completion = await client.chat.completions.create(
      { model: MODEL, messages: [{ role: 'user', content: 'Hi #call:mcp_echo{"text":"x"}' }], tools: [WEATHER_TOOL] },
      { headers: { 'X-MCP-Bypass': 'true' } },
    );
    expect(completion.choices[0].message.tool_calls).toEqual([expect.objectContaining({ function: { name: 'mcp_echo', arguments: '{"text":"x"}' } })]);
    const [sent] = chatRequests();
    expect((sent.tools as unknown[]).length).toBe(1);
    expect(mcp.calls).toEqual([]);
  });
});
