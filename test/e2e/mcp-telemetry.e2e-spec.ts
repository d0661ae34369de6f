import OpenAI from 'openai';
import { resolve } from 'node:path';
import { spawnGateway, type GatewayProcess } from '../support/gateway-process.js';
import { startMcpTestServer, STANDARD_TOOLS, type McpTestServer } from '../support/mcp-test-server.js';
import { waitForMcpTools } from '../support/mcp-wait.js';
import { MOCK_KEY, startMockOpenAiUpstream, type MockUpstream } from '../support/mock-openai-upstream.js';
import { SPAN_KIND, STATUS_CODE, startOtlpTraceReceiver, type OtlpTraceReceiver } from '../support/otlp-trace-receiver.js';
import { findSamples, parseSamples } from '../support/prometheus-samples.js';

// Metrics and spans of the MCP tool calls the gateway makes, and of each model call of its tool
// loop. The OpenTelemetry SDK patches modules process-wide, so the gateway runs as its own process
// (`dist/`, which `npm test` builds first); the MCP server and the upstream run here.

const ROOT = resolve(import.meta.dirname, '../..');
const MCP_HEADER_SECRET = 'mcp-secret-never-exported-77aa';

let upstream: MockUpstream;
let mcp: McpTestServer;
let collector: OtlpTraceReceiver;
let gateway: GatewayProcess;
let client: OpenAI;

beforeAll(async () => {
  [upstream, mcp, collector] = await Promise.all([
    startMockOpenAiUpstream('openai'),
    startMcpTestServer({ transport: 'streamable-http', tools: STANDARD_TOOLS }),
    startOtlpTraceReceiver(),
  ]);
  gateway = await spawnGateway({
    cwd: ROOT,
    args: [resolve(ROOT, 'dist/main.js')],
    env: {
      OPENAI_API_URL: upstream.baseUrl,
      OPENAI_API_KEY: MOCK_KEY,
      MCP_ENABLED: 'true',
      MCP_EXPOSE: 'true',
      MCP_SERVERS: `tools=${mcp.url}`,
      MCP_SERVER_HEADERS_TOOLS: `X-Api-Key=${MCP_HEADER_SECRET}`,
      TELEMETRY_ENABLED: 'true',
      TELEMETRY_METRICS_HOST: '127.0.0.1',
      TELEMETRY_METRICS_PORT: '0',
      TELEMETRY_TRACING_ENABLED: 'true',
      TELEMETRY_TRACING_OTLP_ENDPOINT: collector.url,
      OTEL_BSP_SCHEDULE_DELAY: '100',
    },
  });
  client = new OpenAI({ baseURL: `${gateway.url}/v1`, apiKey: 'unused', maxRetries: 0 });
  await waitForMcpTools(gateway.url, ['mcp_echo', 'mcp_fail']);
  await client.chat.completions.create({ model: 'openai/gpt-4o-mini', messages: [{ role: 'user', content: '#call:mcp_echo{"text":"m"} #call:mcp_fail' }] });
}, 60_000);

afterAll(async () => {
  gateway?.child.kill('SIGKILL');
  await Promise.all([upstream?.close(), mcp?.close(), collector?.close()]);
});

const labels = { mcp_method_name: 'tools/call', gateway_mcp_server: 'tools' };

it('records each tool call in mcp_client_operation_duration_seconds, by tool, server and outcome', async () => {
  const samples = parseSamples(await (await fetch(gateway.metricsUrl!)).text());
  const count = (tool: string, outcome: string) =>
    findSamples(samples, 'mcp_client_operation_duration_seconds_count', { ...labels, gen_ai_tool_name: tool, gateway_tool_outcome: outcome }).reduce(
      (sum, sample) => sum + sample.value,
      0,
    );
  expect(count('echo', 'success')).toBe(1);
  expect(count('fail', 'tool_error')).toBe(1);
  expect(findSamples(samples, 'mcp_client_operation_duration_seconds_count', { gen_ai_tool_name: 'fail' })[0].labels.error_type).toBe('tool_error');
});

it('exports a span per tool call and per model call of the loop, never the server headers', async () => {
  const deadline = Date.now() + 15_000;
  const toolSpans = () => collector.spans.filter((span) => span.name.startsWith('tools/call '));
  while (Date.now() < deadline && (toolSpans().length < 2 || collector.spans.filter((span) => span.name === 'chat gpt-4o-mini').length < 2)) {
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const echo = toolSpans().find((span) => span.name === 'tools/call echo')!;
  expect(echo.kind).toBe(SPAN_KIND.client);
  expect(echo.attributes).toMatchObject({
    'gen_ai.operation.name': 'execute_tool',
    'gen_ai.tool.name': 'echo',
    'gen_ai.tool.call.id': 'call_openai_0_0',
    'gateway.mcp.server': 'tools',
    'gateway.tool.outcome': 'success',
  });
  const fail = toolSpans().find((span) => span.name === 'tools/call fail')!;
  expect(fail.status.code).toBe(STATUS_CODE.error);
  const modelCalls = collector.spans.filter((span) => span.name === 'chat gpt-4o-mini');
  expect(modelCalls.map((span) => span.attributes['gateway.tool_loop.iteration']).sort()).toEqual([1, 2]);
  expect(new Set([echo, fail, ...modelCalls].map((span) => span.traceId)).size).toBe(1);
  expect(Buffer.concat(collector.rawBodies).toString('latin1')).not.toContain(MCP_HEADER_SECRET);
  expect(gateway.output()).not.toContain(MCP_HEADER_SECRET);
}, 20_000);
