import OpenAI from 'openai';
import { resolve } from 'node:path';
import { spawnGateway, type GatewayProcess } from '../support/gateway-process.js';
import { MOCK_KEY } from '../support/mock-openai-upstream.js';
import { MOCK_USAGE } from '../support/openai-responses.js';
import { startOpenAiUpstreams, type Upstreams } from '../support/gateway-harness.js';
import { SPAN_KIND, STATUS_CODE, startOtlpTraceReceiver, type OtlpTraceReceiver, type ReceivedSpan } from '../support/otlp-trace-receiver.js';
import { checkWithPromtool, findSamples, parseSamples, type Sample } from '../support/prometheus-samples.js';

// The OpenTelemetry SDK patches modules process-wide, so the gateway runs as its own process,
// started the way `npm start` starts it (`dist/`, which `npm test` builds first), against
// loopback upstreams and a loopback collector.

const ROOT = resolve(import.meta.dirname, '../..');
const MAIN = resolve(ROOT, 'dist/main.js');

const CLIENT_TOKEN = 'client-token-never-exported-5c1d';
const INCOMING_TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const INCOMING_PARENT_ID = '00f067aa0ba902b7';
const UNROUTED_MODEL = 'no-such-provider/abc-123-client-chosen';
const UNKNOWN_MODEL = 'openai/model-the-upstream-does-not-know-77';

let upstreams: Upstreams;
let collector: OtlpTraceReceiver;
let gateway: GatewayProcess;
let metricsUrl: string;
let client: OpenAI;

beforeAll(async () => {
  [upstreams, collector] = await Promise.all([startOpenAiUpstreams(['openai', 'mistral']), startOtlpTraceReceiver()]);
  gateway = await spawnGateway({
    cwd: ROOT,
    args: [MAIN],
    env: {
      ...upstreams.env,
      TELEMETRY_ENABLED: 'true',
      TELEMETRY_METRICS_HOST: '127.0.0.1',
      TELEMETRY_METRICS_PORT: '0',
      TELEMETRY_TRACING_ENABLED: 'true',
      TELEMETRY_TRACING_OTLP_ENDPOINT: collector.url, // no path: /v1/traces is appended
      OTEL_BSP_SCHEDULE_DELAY: '600000', // spans leave only when the gateway shuts down
      SERVER_SHUTDOWN_DELAY: '0s',
    },
  });
  metricsUrl = gateway.metricsUrl!;
  client = new OpenAI({ baseURL: `${gateway.url}/v1`, apiKey: CLIENT_TOKEN, maxRetries: 0 });
}, 60_000);

afterAll(async () => {
  gateway?.child.kill('SIGKILL');
  await Promise.all([upstreams?.closeAll(), collector?.close()]);
});

/** The gateway's JSON log lines (its output also holds anything written to stderr). */
function logLines(): Array<Record<string, unknown>> {
  return gateway
    .output()
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as Record<string, unknown>);
}

const openaiRequests = () => upstreams.mocks.openai.requests;
const hi = [{ role: 'user' as const, content: 'Hi' }];

async function collect<T>(stream: AsyncIterable<T>): Promise<T[]> {
  const chunks: T[] = [];
  for await (const chunk of stream) chunks.push(chunk);
  return chunks;
}

async function scrape(): Promise<{ text: string; samples: Sample[] }> {
  const response = await fetch(metricsUrl);
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toContain('text/plain');
  const text = await response.text();
  return { text, samples: parseSamples(text) };
}

const value = (samples: Sample[], name: string, labels: Record<string, string>, exclude: string[] = []) =>
  findSamples(samples, name, labels)
    .filter((sample) => exclude.every((label) => !(label in sample.labels)))
    .reduce((sum, sample) => sum + sample.value, 0);

const openai = { gen_ai_operation_name: 'chat', gen_ai_provider_name: 'openai', gen_ai_request_model: 'gpt-4o-mini' };
const mistral = { gen_ai_operation_name: 'chat', gen_ai_provider_name: 'mistral', gen_ai_request_model: 'mistral-large-latest' };

describe('telemetry on', () => {
  it('serves a non-streaming completion, continuing the caller trace and sending traceparent upstream', async () => {
    const completion = await client.chat.completions.create(
      { model: 'openai/gpt-4o-mini', messages: hi },
      { headers: { traceparent: `00-${INCOMING_TRACE_ID}-${INCOMING_PARENT_ID}-01` } },
    );
    expect(completion.usage).toMatchObject(MOCK_USAGE);
    const traceparent = openaiRequests().at(-1)!.headers.traceparent;
    expect(traceparent).toMatch(new RegExp(`^00-${INCOMING_TRACE_ID}-[0-9a-f]{16}-01$`));
    expect(traceparent).not.toContain(INCOMING_PARENT_ID); // the gateway's own span is the parent
  });

  it('asks the upstream for stream usage the client did not ask for, and keeps it from the client', async () => {
    const chunks = await collect(await client.chat.completions.create({ model: 'openai/gpt-4o-mini', messages: hi, stream: true }));
    expect(chunks.map((chunk) => chunk.choices[0]?.delta.content ?? '').join('')).toBe('Hello!');
    for (const chunk of chunks) {
      expect(chunk).not.toHaveProperty('usage');
      expect(chunk.choices).toHaveLength(1);
    }
    expect(openaiRequests().at(-1)!.body?.stream_options).toEqual({ include_usage: true });
  });

  it('still sends the usage chunk to a client that asked for it', async () => {
    const chunks = await collect(
      await client.chat.completions.create({ model: 'openai/gpt-4o-mini', messages: hi, stream: true, stream_options: { include_usage: true } }),
    );
    expect(chunks.at(-1)!.usage).toMatchObject(MOCK_USAGE);
  });

  it('counts usage of a provider that must not be sent stream_options (Mistral)', async () => {
    const chunks = await collect(await client.chat.completions.create({ model: 'mistral/mistral-large-latest', messages: hi, stream: true }));
    for (const chunk of chunks) expect(chunk).not.toHaveProperty('usage');
    expect(upstreams.mocks.mistral.requests.at(-1)!.body).not.toHaveProperty('stream_options');
  });

  it('answers failed requests as before', async () => {
    await expect(client.chat.completions.create({ model: 'openai/gpt-4o-mini', messages: [{ role: 'user', content: '#error:429' }] })).rejects.toMatchObject({
      status: 429,
    });
    await expect(client.chat.completions.create({ model: UNKNOWN_MODEL, messages: hi })).rejects.toMatchObject({ status: 404 });
    await expect(client.chat.completions.create({ model: UNROUTED_MODEL, messages: hi })).rejects.toMatchObject({ status: 400 });
  });

  it('exposes gen_ai metrics with bounded labels on the metrics port', async () => {
    const { text, samples } = await scrape();
    // target_info describes the service, not the process: no command line, executable path or user.
    expect(text).toMatch(/^target_info\{/m);
    expect(text).not.toMatch(/process_command|process_executable|process_owner|process_pid/);

    // Tokens: three successful OpenAI calls (one non-streaming, two streams), one Mistral stream.
    const tokens = 'gen_ai_client_token_usage_sum';
    expect(value(samples, tokens, { ...openai, gen_ai_token_type: 'input' })).toBe(3 * MOCK_USAGE.prompt_tokens);
    expect(value(samples, tokens, { ...openai, gen_ai_token_type: 'output' })).toBe(3 * MOCK_USAGE.completion_tokens);
    expect(value(samples, tokens, { ...mistral, gen_ai_token_type: 'input' })).toBe(MOCK_USAGE.prompt_tokens);
    expect(value(samples, tokens, { ...mistral, gen_ai_token_type: 'output' })).toBe(MOCK_USAGE.completion_tokens);
    // Explicit buckets suited to token counts.
    expect(findSamples(samples, 'gen_ai_client_token_usage_bucket', { ...openai, gen_ai_token_type: 'input', le: '16' })[0]?.value).toBe(3);

    const duration = 'gen_ai_server_request_duration_seconds_count';
    expect(value(samples, duration, openai, ['error_type'])).toBe(3);
    expect(value(samples, duration, { ...openai, error_type: 'upstream_error' })).toBe(1);
    expect(value(samples, duration, { ...mistral })).toBe(1);
    // A model the upstream does not know, and a request that never reached a provider: no client strings as labels.
    expect(value(samples, duration, { gen_ai_provider_name: 'openai', gen_ai_request_model: '_OTHER', error_type: 'upstream_error' })).toBe(1);
    expect(value(samples, duration, { gen_ai_provider_name: '_OTHER', gen_ai_request_model: '_OTHER', error_type: 'invalid_request' })).toBe(1);
    expect(text).not.toContain('abc-123-client-chosen');
    expect(text).not.toContain('no-such-provider');
    expect(text).not.toContain('model-the-upstream-does-not-know');

    expect(value(samples, 'gen_ai_server_time_to_first_token_seconds_count', openai)).toBe(2);
    expect(value(samples, 'gen_ai_server_time_to_first_token_seconds_count', mistral)).toBe(1);
    expect(findSamples(samples, 'gen_ai_server_time_to_first_token_seconds_bucket', { ...openai, le: '0.001' })).toHaveLength(1);
    expect(value(samples, 'gen_ai_client_operation_duration_seconds_count', openai, ['error_type'])).toBe(3);
    expect(value(samples, 'gateway_overhead_duration_seconds_count', { gen_ai_provider_name: 'openai' })).toBe(5);
    expect(findSamples(samples, 'gateway_overhead_duration_seconds_bucket', { gen_ai_provider_name: 'openai', le: '0.0001' })).toHaveLength(1);
    expect(findSamples(samples, 'gateway_active_streams', { gen_ai_provider_name: 'openai' })).toEqual([expect.objectContaining({ value: 0 })]);
    const upstreamErrors = 'gateway_upstream_errors_total';
    expect(value(samples, upstreamErrors, { gen_ai_provider_name: 'openai', http_response_status_code: '429', error_type: 'upstream_error' })).toBe(1);
    expect(value(samples, upstreamErrors, { gen_ai_provider_name: 'openai', http_response_status_code: '404' })).toBe(1);
    // The HTTP instrumentation's own server metric, with the route.
    expect(value(samples, 'http_server_request_duration_seconds_count', { http_route: '/v1/chat/completions', http_response_status_code: '200' })).toBe(4);
  });

  it('counts a stream as in flight until the client goes away, then records it as closed by the client', async () => {
    const o4 = { gen_ai_provider_name: 'openai', gen_ai_request_model: 'o4-mini' };
    const abort = new AbortController();
    const stream = await client.chat.completions.create(
      { model: 'openai/o4-mini', messages: [{ role: 'user', content: '#long:40 #slow:50' }], stream: true },
      { signal: abort.signal },
    );
    const iterator = stream[Symbol.asyncIterator]();
    await iterator.next();
    expect(value((await scrape()).samples, 'gateway_active_streams', { gen_ai_provider_name: 'openai' })).toBe(1);
    abort.abort();
    await iterator.next().catch(() => undefined);

    let samples: Sample[] = [];
    for (let attempt = 0; attempt < 50; attempt++) {
      samples = (await scrape()).samples;
      if (value(samples, 'gen_ai_server_request_duration_seconds_count', o4) > 0) break;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    expect(value(samples, 'gateway_active_streams', { gen_ai_provider_name: 'openai' })).toBe(0);
    expect(value(samples, 'gen_ai_server_request_duration_seconds_count', { ...o4, error_type: 'client_closed' })).toBe(1);
    expect(value(samples, 'gen_ai_server_time_to_first_token_seconds_count', o4)).toBe(1);
    expect(value(samples, 'gateway_upstream_errors_total', { gen_ai_provider_name: 'openai', error_type: 'client_closed' })).toBe(0);
  });

  it('writes an exposition Prometheus accepts', async () => {
    const { text } = await scrape();
    const promtool = checkWithPromtool(text);
    if (promtool) expect(promtool).toEqual({ status: 0, output: '' });
    else expect(() => parseSamples(text)).not.toThrow(); // without promtool: every sample line parses
    expect(text).toMatch(/^# TYPE gen_ai_client_token_usage histogram$/m);
    expect(text).toMatch(/^# TYPE gateway_upstream_errors_total counter$/m);
  });

  it('does not serve metrics on the API port', async () => {
    const response = await fetch(`${gateway.url}/metrics`);
    expect(response.status).toBe(404);
    expect(await response.text()).not.toContain('gen_ai_');
  });

  describe('after shutdown', () => {
    let spans: ReceivedSpan[];

    beforeAll(async () => {
      expect(collector.spans).toHaveLength(0); // batched: nothing has left yet
      gateway.child.kill('SIGTERM');
      expect(await gateway.exited).toEqual({ code: 0, signal: null });
      spans = collector.spans;
    });

    it('put the trace id on the request log line (logs are flushed at exit)', () => {
      const traced = logLines().filter((line) => line.msg === 'request completed' && line.trace_id === INCOMING_TRACE_ID);
      expect(traced).toHaveLength(1);
      expect(traced[0]).toMatchObject({ provider: 'openai', model: 'gpt-4o-mini', span_id: expect.stringMatching(/^[0-9a-f]{16}$/) });
    });

    it('exported the buffered spans over OTLP/HTTP protobuf at /v1/traces', () => {
      expect(spans.length).toBeGreaterThan(0);
      expect(collector.requests.every((request) => request.path === '/v1/traces' && request.contentType === 'application/x-protobuf')).toBe(true);
      expect(spans[0].resource['service.name']).toBe('llm-gateway');
    });

    it('continues the incoming trace: server span, chat client span, then the HTTP call upstream', () => {
      const trace = spans.filter((span) => span.traceId === INCOMING_TRACE_ID);
      const server = trace.find((span) => span.kind === SPAN_KIND.server)!;
      expect(server).toMatchObject({
        parentSpanId: INCOMING_PARENT_ID,
        name: 'POST /v1/chat/completions',
        attributes: expect.objectContaining({
          'http.route': '/v1/chat/completions',
          'gen_ai.operation.name': 'chat',
          'gen_ai.provider.name': 'openai',
          'gen_ai.request.model': 'gpt-4o-mini',
          'gateway.request.id': expect.any(String),
        }),
      });
      const chat = trace.find((span) => span.scope === 'llm-gateway')!;
      expect(chat).toMatchObject({
        name: 'chat gpt-4o-mini',
        kind: SPAN_KIND.client,
        attributes: expect.objectContaining({
          'gen_ai.operation.name': 'chat',
          'gen_ai.provider.name': 'openai',
          'gen_ai.request.model': 'gpt-4o-mini',
          'gen_ai.response.model': 'gpt-4o-mini',
          'gen_ai.response.id': 'chatcmpl-openai-1',
          'gen_ai.response.finish_reasons': ['stop'],
          'gen_ai.usage.input_tokens': MOCK_USAGE.prompt_tokens,
          'gen_ai.usage.output_tokens': MOCK_USAGE.completion_tokens,
        }),
      });
      const upstream = trace.find((span) => span.scope === '@opentelemetry/instrumentation-undici')!;
      expect(upstream).toMatchObject({ kind: SPAN_KIND.client, parentSpanId: chat.spanId });
      expect(openaiRequests()[0].headers.traceparent).toBe(`00-${INCOMING_TRACE_ID}-${upstream.spanId}-01`);
      // The log line names the server span.
      const logged = logLines().find((line) => line.trace_id === INCOMING_TRACE_ID);
      expect(logged?.span_id).toBe(server.spanId);
    });

    it('records usage and finish reasons of a stream whose client did not ask for usage', () => {
      const streams = spans.filter(
        (span) => span.scope === 'llm-gateway' && span.attributes['gateway.stream'] === true && span.attributes['gen_ai.request.model'] !== 'o4-mini',
      );
      expect(streams).toHaveLength(3);
      for (const span of streams) {
        expect(span.attributes).toMatchObject({
          'gen_ai.response.finish_reasons': ['stop'],
          'gen_ai.usage.input_tokens': MOCK_USAGE.prompt_tokens,
          'gen_ai.usage.output_tokens': MOCK_USAGE.completion_tokens,
        });
      }
    });

    it('marks failed provider calls with error.type and the upstream status', () => {
      const failed = spans.filter((span) => span.scope === 'llm-gateway' && span.status.code === STATUS_CODE.error);
      const byModel = (model: string) => failed.filter((span) => span.attributes['gen_ai.request.model'] === model);
      expect(byModel('gpt-4o-mini').map((span) => span.attributes['http.response.status_code'])).toStrictEqual([429]);
      expect(byModel('model-the-upstream-does-not-know-77').map((span) => span.attributes['http.response.status_code'])).toStrictEqual([404]);
      for (const span of [...byModel('gpt-4o-mini'), ...byModel('model-the-upstream-does-not-know-77')]) {
        expect(span.attributes['error.type']).toBe('upstream_error');
      }
      expect(byModel('o4-mini').map((span) => span.attributes['error.type'])).toStrictEqual(['client_closed']);
      expect(failed).toHaveLength(3);
    });

    it('never exports credentials', () => {
      const exported = Buffer.concat(collector.rawBodies).toString('latin1');
      expect(exported).not.toContain(MOCK_KEY);
      expect(exported).not.toContain(CLIENT_TOKEN);
      expect(gateway.output()).not.toContain(MOCK_KEY);
    });
  });
});
