import Anthropic from '@anthropic-ai/sdk';
import OpenAI from 'openai';
import type { ResponseStreamEvent } from 'openai/resources/responses/responses';
import { startTestGateway, type TestGateway } from '../support/gateway-harness.js';
import { startMcpTestServer, STANDARD_TOOLS, type McpTestServer } from '../support/mcp-test-server.js';
import { waitForMcpTools } from '../support/mcp-wait.js';
import { startMockAnthropicUpstream, type MockAnthropicUpstream } from '../support/mock-anthropic-upstream.js';
import { MOCK_KEY, startMockOpenAiUpstream, type MockUpstream } from '../support/mock-openai-upstream.js';

/**
 * The MCP tool loop through the Anthropic Messages API (the official SDK, to Anthropic: a request
 * the gateway would otherwise relay byte for byte) and the Responses API (the `openai` client, to
 * OpenAI: likewise), against a server on the legacy SSE transport.
 */

const CLAUDE = 'anthropic/claude-sonnet-4-5-20250929';
const GPT = 'openai/gpt-4o-mini';
type Json = Record<string, unknown>;

let anthropicUpstream: MockAnthropicUpstream;
let openaiUpstream: MockUpstream;
let mcp: McpTestServer;
let gateway: TestGateway;
let anthropic: Anthropic;
let openai: OpenAI;

beforeAll(async () => {
  [anthropicUpstream, openaiUpstream, mcp] = await Promise.all([
    startMockAnthropicUpstream(),
    startMockOpenAiUpstream('openai'),
    startMcpTestServer({ transport: 'sse', tools: STANDARD_TOOLS }),
  ]);
  gateway = await startTestGateway({
    ANTHROPIC_API_URL: anthropicUpstream.baseUrl,
    ANTHROPIC_API_KEY: MOCK_KEY,
    OPENAI_API_URL: openaiUpstream.baseUrl,
    OPENAI_API_KEY: MOCK_KEY,
    MCP_ENABLED: 'true',
    MCP_EXPOSE: 'true',
    MCP_SERVERS: `legacy=${mcp.url}`,
  });
  anthropic = new Anthropic({ baseURL: gateway.url, apiKey: 'unused', maxRetries: 0 });
  openai = new OpenAI({ baseURL: `${gateway.url}/v1`, apiKey: 'unused', maxRetries: 0 });
  await waitForMcpTools(gateway.url, ['mcp_echo']);
}, 30_000);

afterAll(async () => {
  await gateway?.close();
  await Promise.all([anthropicUpstream?.close(), openaiUpstream?.close(), mcp?.close()]);
});

beforeEach(() => {
  anthropicUpstream.requests.length = 0;
  openaiUpstream.requests.length = 0;
  mcp.calls.length = 0;
});

const CALL_TEXT = 'Please echo #call:mcp_echo{"text":"sse"}';
const SHOWN = '[MCP tool call] echo (legacy) {"text":"sse"}\n[MCP tool result] echo: sse\n\n';

describe('the legacy SSE transport', () => {
  it('is used when the URL is not a Streamable HTTP endpoint', async () => {
    const listing = (await (await fetch(`${gateway.url}/v1/mcp/tools`)).json()) as { servers: Json[] };
    expect(listing.servers).toEqual([{ name: 'legacy', state: 'connected', transport: 'sse', tools: STANDARD_TOOLS.length }]);
  });
});

describe('Anthropic Messages with MCP tools (the Anthropic SDK)', () => {
  it('answers with the tool result after running it; the MCP call is a marked text block, the usage summed', async () => {
    const message = await anthropic.messages.create({ model: CLAUDE, max_tokens: 256, messages: [{ role: 'user', content: CALL_TEXT }] });
    expect(message.content).toEqual([
      { type: 'text', text: 'Let me use the tools.' },
      { type: 'text', text: SHOWN },
      { type: 'text', text: 'Tool results: echo: sse' },
    ]);
    expect(message.stop_reason).toBe('end_turn');
    expect(message.usage.output_tokens).toBe(18);
    expect(mcp.calls).toEqual([{ tool: 'echo', arguments: { text: 'sse' } }]);
    // Translated, not relayed: the MCP tools went to Anthropic as custom tools, the result as a tool_result block.
    const [first, second] = anthropicUpstream.requests.map((request) => request.body!);
    expect((first.tools as Json[]).map((tool) => tool.name)).toContain('mcp_echo');
    expect((second.messages as Json[]).at(-1)).toEqual({ role: 'user', content: [{ type: 'tool_result', tool_use_id: 'toolu_0_0', content: 'echo: sse' }] });
  });

  it('streams every model call and the MCP call as one message, in block order, with one message_stop', async () => {
    const stream = anthropic.messages.stream({ model: CLAUDE, max_tokens: 256, messages: [{ role: 'user', content: CALL_TEXT }] });
    const events: string[] = [];
    stream.on('streamEvent', (event) => events.push(event.type));
    const message = await stream.finalMessage();
    expect(message.content.map((block) => (block.type === 'text' ? block.text : block.type))).toEqual([
      'Let me use the tools.',
      SHOWN,
      'Tool results: echo: sse',
    ]);
    expect(events.filter((type) => type === 'message_start')).toHaveLength(1);
    expect(events.filter((type) => type === 'message_stop')).toHaveLength(1);
    expect(events.at(-1)).toBe('message_stop');
    expect(message.stop_reason).toBe('end_turn');
  });
});

describe('the Responses API with MCP tools (the openai client)', () => {
  it('answers with an mcp_call item and the text, translated for OpenAI and stored for previous_response_id', async () => {
    const response = await openai.responses.create({ model: GPT, input: CALL_TEXT });
    expect(response.output.map((item) => item.type)).toEqual(['mcp_call', 'message']);
    expect(response.output[0]).toMatchObject({
      type: 'mcp_call',
      server_label: 'legacy',
      name: 'echo',
      arguments: '{"text":"sse"}',
      output: 'echo: sse',
      status: 'completed',
    });
    expect(response.output_text).toBe('Tool results: echo: sse');
    expect(openaiUpstream.requests.map((request) => request.path)).toEqual(['/v1/chat/completions', '/v1/chat/completions']);
    // The next turn continues from the stored response: the MCP call is part of the conversation the model is given.
    await openai.responses.create({ model: GPT, input: 'Thanks', previous_response_id: response.id });
    const third = openaiUpstream.requests.at(-1)!.body!;
    expect(JSON.stringify(third.messages)).toContain('[MCP tool call] echo (legacy)');
  });

  it('streams the mcp_call item with its events, in sequence, and one response.completed', async () => {
    const stream = openai.responses.stream({ model: GPT, input: CALL_TEXT });
    const events: ResponseStreamEvent[] = [];
    for await (const event of stream) events.push(event);
    const final = await stream.finalResponse();
    expect(events.map((event) => event.sequence_number)).toEqual(events.map((_, index) => index));
    const mcpEvents = events.map((event) => event.type).filter((type) => type.includes('mcp'));
    expect(mcpEvents).toEqual([
      'response.mcp_call.in_progress',
      'response.mcp_call_arguments.delta',
      'response.mcp_call_arguments.done',
      'response.mcp_call.completed',
    ]);
    expect(events.filter((event) => event.type === 'response.completed')).toHaveLength(1);
    expect(final.output[0]).toMatchObject({ type: 'mcp_call', output: 'echo: sse' });
    expect(final.output_text).toBe('Tool results: echo: sse');
  });
});
