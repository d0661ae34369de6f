import OpenAI from 'openai';
import { startTestGateway, type TestGateway } from '../support/gateway-harness.js';
import { startMcpTestServer, type McpTestServer, type TestTool } from '../support/mcp-test-server.js';
import { waitForMcpTools } from '../support/mcp-wait.js';
import { MOCK_KEY, startMockOpenAiUpstream, type MockUpstream } from '../support/mock-openai-upstream.js';
import { TOOL_ANSWER_PREFIX } from '../support/tool-call-scenario.js';

/**
 * Twenty agent requests at once, streaming and not, each calling a different tool with its own
 * key, the tools answering in a shuffled order: every answer holds its own tool's result and no
 * other, and every follow-up call to the model carries its own conversation only. Nothing of the
 * tool loop is shared between requests.
 */

const MODEL = 'openai/gpt-4o-mini';
const REQUESTS = 20;
type Json = Record<string, unknown>;

/** `lookup_0` ... `lookup_3`: answer `<tool>:<key>` after a pause that varies, so the calls end out of order. */
const LOOKUPS: TestTool[] = Array.from({ length: 4 }, (_, index) => ({
  name: `lookup_${index}`,
  description: `Lookup number ${index}`,
  inputSchema: { type: 'object', properties: { key: { type: 'string' } } },
  run: async (args) => {
    await new Promise((resolve) => setTimeout(resolve, 5 + ((Number(String(args.key).slice(4)) * 37) % 60)));
    return { content: [{ type: 'text', text: `lookup_${index}:${String(args.key)}` }] };
  },
}));

let upstream: MockUpstream;
let mcp: McpTestServer;
let gateway: TestGateway;
let client: OpenAI;

beforeAll(async () => {
  [upstream, mcp] = await Promise.all([startMockOpenAiUpstream('openai'), startMcpTestServer({ transport: 'streamable-http', tools: LOOKUPS })]);
  gateway = await startTestGateway({
    OPENAI_API_URL: upstream.baseUrl,
    OPENAI_API_KEY: MOCK_KEY,
    MCP_ENABLED: 'true',
    MCP_EXPOSE: 'true',
    MCP_SERVERS: mcp.url,
  });
  client = new OpenAI({ baseURL: `${gateway.url}/v1`, apiKey: 'unused', maxRetries: 0 });
  await waitForMcpTools(
    gateway.url,
    LOOKUPS.map((tool) => `mcp_${tool.name}`),
  );
}, 30_000);

afterAll(async () => {
  await gateway?.close();
  await Promise.all([upstream?.close(), mcp?.close()]);
});

async function agent(index: number): Promise<{ key: string; tool: string; answer: string }> {
  const key = `key-${index}`;
  const tool = `lookup_${index % LOOKUPS.length}`;
  const messages = [{ role: 'user' as const, content: `Look it up #call:mcp_${tool}{"key":"${key}"}` }];
  if (index % 2 === 0) {
    const completion = await client.chat.completions.create({ model: MODEL, messages });
    return { key, tool, answer: completion.choices[0].message.content ?? '' };
  }
  const stream = await client.chat.completions.create({ model: MODEL, messages, stream: true });
  let answer = '';
  for await (const chunk of stream) answer += chunk.choices[0]?.delta.content ?? '';
  return { key, tool, answer };
}

it(`keeps ${REQUESTS} concurrent agent requests apart`, async () => {
  const results = await Promise.all(Array.from({ length: REQUESTS }, (_, index) => agent(index)));
  for (const { key, tool, answer } of results) {
    expect(answer.endsWith(`${TOOL_ANSWER_PREFIX}${tool}:${key}`)).toBe(true);
    expect(answer.match(/key-\d+/g)!.every((seen) => seen === key)).toBe(true);
  }
  expect(mcp.calls).toHaveLength(REQUESTS);
  // Each follow-up call to the model holds its own request's turn and result, and nothing else.
  const followUps = upstream.requests.map((request) => request.body as Json).filter((body) => (body.messages as Json[]).length > 1);
  expect(followUps).toHaveLength(REQUESTS);
  for (const body of followUps) {
    const messages = body.messages as Json[];
    const key = /"key":"(key-\d+)"/.exec(String(messages[0].content))![1];
    expect(messages).toHaveLength(3);
    expect(
      JSON.stringify(messages.slice(1))
        .match(/key-\d+/g)!
        .every((seen) => seen === key),
    ).toBe(true);
  }
}, 30_000);
