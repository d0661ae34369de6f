import Anthropic from '@anthropic-ai/sdk';
import { startTestGateway, type TestGateway } from '../support/gateway-harness.js';
import { MOCK_KEY, startMockOpenAiUpstream, type MockUpstream } from '../support/mock-openai-upstream.js';

// Errors the gateway itself answers on the Messages routes: always Anthropic's envelope with
// Anthropic's type and status, the field named, never a 500; and requests the translation for
// another provider cannot carry, refused before anything is sent.

const MODEL = 'openai/gpt-4o-mini';
type Json = Record<string, unknown>;

let openai: MockUpstream;
let gateway: TestGateway;

beforeAll(async () => {
  openai = await startMockOpenAiUpstream('openai');
  gateway = await startTestGateway({
    OPENAI_API_URL: openai.baseUrl,
    OPENAI_API_KEY: MOCK_KEY,
    DISALLOWED_MODELS: 'openai/gpt-forbidden',
    SERVER_MAX_REQUEST_BODY_SIZE: '16KiB',
  });
});

afterAll(async () => {
  await gateway?.close();
  await openai?.close();
});

async function post(body: unknown, path = '/v1/messages', raw = false) {
  const response = await fetch(`${gateway.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'anthropic-version': '2023-06-01' },
    body: raw ? (body as string) : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: JSON.parse(text) as Json };
}

const envelope = (type: string, message: unknown) => ({ type: 'error', error: { type, message } });
const user = (content: unknown) => ({ role: 'user', content });

describe('malformed Messages requests', () => {
  const cases: Array<[string, unknown, string]> = [
    ['missing max_tokens', { model: MODEL, messages: [user('Hi')] }, 'max_tokens'],
    ['max_tokens of the wrong type', { model: MODEL, max_tokens: 'many', messages: [user('Hi')] }, 'max_tokens'],
    ['a wrong role', { model: MODEL, max_tokens: 10, messages: [{ role: 'tool', content: 'Hi' }] }, 'messages[0].role'],
    ['content that is neither string nor blocks', { model: MODEL, max_tokens: 10, messages: [user(42)] }, 'messages[0].content'],
    ['a block without a type', { model: MODEL, max_tokens: 10, messages: [user([{ text: 'Hi' }])] }, 'messages[0].content'],
    ['no messages', { model: MODEL, max_tokens: 10, messages: [] }, 'messages'],
    ['a temperature above 1', { model: MODEL, max_tokens: 10, temperature: 1.5, messages: [user('Hi')] }, 'temperature'],
    ['a tool without a name', { model: MODEL, max_tokens: 10, tools: [{ input_schema: {} }], messages: [user('Hi')] }, 'tools[0].name'],
    ['a model without a provider', { model: 'gpt-4o-mini', max_tokens: 10, messages: [user('Hi')] }, 'gpt-4o-mini'],
    ['an unknown provider', { model: 'nobody/model', max_tokens: 10, messages: [user('Hi')] }, 'nobody'],
  ];
  it.each(cases)('%s: 400 invalid_request_error naming the field', async (_name, body, field) => {
    const result = await post(body);
    expect(result).toEqual({ status: 400, body: envelope('invalid_request_error', expect.stringContaining(field)) });
  });

  it('answers invalid JSON and a body that is not an object with 400', async () => {
    expect(await post('{"model": ', '/v1/messages', true)).toEqual({ status: 400, body: envelope('invalid_request_error', expect.stringContaining('JSON')) });
    expect(await post([1, 2])).toEqual({ status: 400, body: envelope('invalid_request_error', expect.any(String)) });
  });

  it('answers a body over the size limit with 413 request_too_large', async () => {
    const result = await post({ model: MODEL, max_tokens: 10, messages: [user('x'.repeat(20_000))] });
    expect(result).toEqual({ status: 413, body: envelope('request_too_large', expect.any(String)) });
  });

  it('answers a disallowed model with 403 permission_error', async () => {
    expect(await post({ model: 'openai/gpt-forbidden', max_tokens: 10, messages: [user('Hi')] })).toEqual({
      status: 403,
      body: envelope('permission_error', expect.stringContaining('not allowed')),
    });
  });

  it('answers unknown routes under /v1/messages with 404 not_found_error', async () => {
    expect(await post({}, '/v1/messages/batches')).toEqual({ status: 404, body: envelope('not_found_error', expect.any(String)) });
  });

  it('validates count_tokens requests the same way, max_tokens aside', async () => {
    expect(await post({ model: MODEL, messages: [{ role: 'robot', content: 'Hi' }] }, '/v1/messages/count_tokens')).toEqual({
      status: 400,
      body: envelope('invalid_request_error', expect.stringContaining('messages[0].role')),
    });
  });

  it('reaches the SDK as a BadRequestError with the message', async () => {
    const client = new Anthropic({ baseURL: gateway.url, apiKey: 'unused', maxRetries: 0 });
    // (the SDK no longer types `temperature`, which newer models refuse; it still sends it)
    const params = { model: MODEL, max_tokens: 10, messages: [{ role: 'user', content: 'Hi' }], temperature: 3 } as Anthropic.MessageCreateParamsNonStreaming;
    const failure = client.messages.create(params);
    await expect(failure).rejects.toBeInstanceOf(Anthropic.BadRequestError);
    await expect(failure).rejects.toMatchObject({ status: 400, type: 'invalid_request_error' });
  });
});

describe('what the translation for another provider cannot carry', () => {
  const cases: Array<[string, Json, string]> = [
    ['an unknown block type', { messages: [user([{ type: 'hologram', data: 'x' }])] }, 'messages[0].content[0].type'],
    ['a server tool', { tools: [{ type: 'web_search_20250305', name: 'web_search' }], messages: [user('Hi')] }, 'tools[0].type'],
    [
      'a tool result that answers no tool call',
      { messages: [user('Hi'), { role: 'assistant', content: 'Hello' }, user([{ type: 'tool_result', tool_use_id: 'toolu_x', content: 'ok' }])] },
      'messages[2].content[0].tool_use_id',
    ],
    [
      'tool calls left unanswered',
      {
        messages: [user('Hi'), { role: 'assistant', content: [{ type: 'tool_use', id: 'toolu_1', name: 'f', input: {} }] }, user('Never mind')],
      },
      'messages[2].content',
    ],
    ['an MCP server', { mcp_servers: [{ type: 'url', url: 'https://mcp.example', name: 'x' }], messages: [user('Hi')] }, 'mcp_servers'],
    [
      'a server tool block in the history',
      { messages: [user('Hi'), { role: 'assistant', content: [{ type: 'server_tool_use', id: 's', name: 'web_search', input: {} }] }, user('Go on')] },
      'messages[1].content[0].type',
    ],
    [
      'a tool_choice of an unknown type',
      { tool_choice: { type: 'sometimes' }, tools: [{ name: 'f', input_schema: { type: 'object' } }], messages: [user('Hi')] },
      'tool_choice.type',
    ],
  ];
  it.each(cases)('%s: 400 naming the field, nothing sent upstream', async (_name, fields, field) => {
    const before = openai.requests.length;
    const result = await post({ model: MODEL, max_tokens: 10, ...fields });
    expect(result).toEqual({ status: 400, body: envelope('invalid_request_error', expect.stringContaining(field)) });
    expect(openai.requests.length).toBe(before);
  });

  it("drops Anthropic-only settings instead of refusing them (Claude Code's context_management, effort, defer_loading)", async () => {
    const result = await post({
      model: MODEL,
      max_tokens: 10,
      messages: [user([{ type: 'text', text: 'Hi', cache_control: { type: 'ephemeral' } }])],
      tools: [{ name: 'Read', input_schema: { type: 'object' }, defer_loading: true }],
      thinking: { type: 'adaptive', display: 'omitted' },
      context_management: { edits: [{ type: 'clear_thinking_20251015', keep: 'all' }] },
      output_config: { effort: 'high' },
      cache_control: { type: 'ephemeral' },
    });
    expect(result.status).toBe(200);
    const sent = openai.requests.at(-1)!.body!;
    expect(sent).toEqual({
      model: 'gpt-4o-mini',
      messages: [{ role: 'user', content: [{ type: 'text', text: 'Hi' }] }],
      tools: [{ type: 'function', function: { name: 'Read', parameters: { type: 'object' } } }],
      max_completion_tokens: 10,
    });
  });
});
