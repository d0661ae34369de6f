import OpenAI from 'openai';
import { accessFile, newKey, type AccessFile } from '../support/access-file.js';
import { startTestGateway, type TestGateway } from '../support/gateway-harness.js';
import { startMcpTestServer, STANDARD_TOOLS, type McpTestServer } from '../support/mcp-test-server.js';
import { MOCK_KEY, startMockOpenAiUpstream, type MockUpstream } from '../support/mock-openai-upstream.js';
import { MOCK_USAGE } from '../support/openai-responses.js';

/**
 * Every model call of a tool loop is a provider call like any other: the model allow-list holds
 * for streams too, access limits admit each call and count its tokens, a request is counted once
 * against requests per minute, and the usage report holds every call.
 */

const MODEL = 'openai/gpt-4o-mini';
const tight = newKey();
const once = newKey();
const probe = newKey();

let upstream: MockUpstream;
let mcp: McpTestServer;
let file: AccessFile;
let gateway: TestGateway;

beforeAll(async () => {
  [upstream, mcp] = await Promise.all([startMockOpenAiUpstream('openai'), startMcpTestServer({ transport: 'streamable-http', tools: STANDARD_TOOLS })]);
  // One call of the mock uses 13 tokens: `tight` has room for the first call of a loop only; `once` for one request a minute.
  file = accessFile(`
keys:
  - name: tight
    sha256: ${tight.sha256}
    limits: { tpm: ${MOCK_USAGE.total_tokens} }
  - name: once
    sha256: ${once.sha256}
    limits: { rpm: 1 }
  - name: probe
    sha256: ${probe.sha256}
`);
  gateway = await startTestGateway({
    OPENAI_API_URL: upstream.baseUrl,
    OPENAI_API_KEY: MOCK_KEY,
    ACCESS_CONFIG_PATH: file.path,
    DISALLOWED_MODELS: 'openai/o4-mini',
    MCP_ENABLED: 'true',
    MCP_SERVERS: mcp.url,
  });
  // Without MCP_EXPOSE: wait until a request is offered the tools.
  const client = new OpenAI({ baseURL: `${gateway.url}/v1`, apiKey: probe.key, maxRetries: 0 });
  const deadline = Date.now() + 15_000;
  while (Date.now() < deadline && !(await offersTools(client))) await new Promise((resolve) => setTimeout(resolve, 50));
}, 30_000);

afterAll(async () => {
  await gateway?.close();
  await Promise.all([upstream?.close(), mcp?.close()]);
  file?.remove();
});

/** A request that tells whether MCP tools are offered yet. */
async function offersTools(client: OpenAI): Promise<boolean> {
  upstream.requests.length = 0;
  await client.chat.completions.create({ model: MODEL, messages: [{ role: 'user', content: 'Hi' }] });
  return upstream.requests.some((request) => Array.isArray(request.body?.tools));
}

describe('the model allow-list with MCP tools', () => {
  it('refuses a disallowed model on a streaming request before any call', async () => {
    upstream.requests.length = 0;
    const client = new OpenAI({ baseURL: `${gateway.url}/v1`, apiKey: probe.key, maxRetries: 0 });
    const failure = await client.chat.completions
      .create({ model: 'openai/o4-mini', stream: true, messages: [{ role: 'user', content: '#call:mcp_echo{"text":"a"}' }] })
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(OpenAI.PermissionDeniedError);
    expect(upstream.requests).toHaveLength(0);
  });
});

describe('access limits in a tool loop', () => {
  it('admit each model call: a loop whose second call has no tokens left is refused with 429', async () => {
    upstream.requests.length = 0;
    mcp.calls.length = 0;
    const client = new OpenAI({ baseURL: `${gateway.url}/v1`, apiKey: tight.key, maxRetries: 0 });
    const failure = await client.chat.completions
      .create({ model: MODEL, messages: [{ role: 'user', content: '#call:mcp_echo{"text":"a"}' }] })
      .catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(OpenAI.RateLimitError);
    expect((failure as InstanceType<typeof OpenAI.RateLimitError>).code).toBe('rate_limit_exceeded');
    expect(upstream.requests).toHaveLength(1);
    expect(mcp.calls).toHaveLength(1);
  });

  it('count a request once against requests per minute, however many model calls its loop makes', async () => {
    upstream.requests.length = 0;
    const client = new OpenAI({ baseURL: `${gateway.url}/v1`, apiKey: once.key, maxRetries: 0 });
    const completion = await client.chat.completions.create({ model: MODEL, messages: [{ role: 'user', content: '#call:mcp_echo{"text":"b"}' }] });
    expect(completion.choices[0].message.content).toContain('Tool results: echo: b');
    expect(upstream.requests).toHaveLength(2);
    const usage = (await (await fetch(`${gateway.url}/v1/usage`, { headers: { authorization: `Bearer ${once.key}` } })).json()) as {
      data: Array<Record<string, number>>;
    };
    expect(usage.data[0]).toMatchObject({ requests: 2, input_tokens: 2 * MOCK_USAGE.prompt_tokens, output_tokens: 2 * MOCK_USAGE.completion_tokens });
    await expect(client.chat.completions.create({ model: MODEL, messages: [{ role: 'user', content: 'again' }] })).rejects.toBeInstanceOf(
      OpenAI.RateLimitError,
    );
  });
});
