import Anthropic from '@anthropic-ai/sdk';
import { readFileSync } from 'node:fs';
import { parseAnthropicStream } from '../support/anthropic-stream.js';
import { startTestGateway, type TestGateway } from '../support/gateway-harness.js';
import { startMockAnthropicUpstream, type MockAnthropicUpstream } from '../support/mock-anthropic-upstream.js';
import { MOCK_KEY, startMockOpenAiUpstream, type MockUpstream } from '../support/mock-openai-upstream.js';

// Claude Code's requests (test/fixtures/claude-code) replayed through the gateway: to Anthropic they
// are relayed untouched, both ways; to an OpenAI-format provider they are translated, and the answer
// is a stream of Anthropic events the SDK's parser accepts, with tool input Claude Code can parse.

type Json = Record<string, unknown>;
const fixture = (name: string) => JSON.parse(readFileSync(new URL(`../fixtures/claude-code/${name}`, import.meta.url), 'utf8')) as Json;
const HEADERS = fixture('headers.json') as Record<string, string>;
const TURNS = ['first-turn.request.json', 'tool-turn.request.json'];
const CLIENT_KEY = 'sk-ant-api03-claude-code-client-key';

let anthropic: MockAnthropicUpstream;
let openai: MockUpstream;
let gateway: TestGateway;

beforeAll(async () => {
  anthropic = await startMockAnthropicUpstream();
  openai = await startMockOpenAiUpstream('openai');
  gateway = await startTestGateway({
    ANTHROPIC_API_URL: anthropic.baseUrl,
    ANTHROPIC_API_KEY: MOCK_KEY,
    OPENAI_API_URL: openai.baseUrl,
    OPENAI_API_KEY: MOCK_KEY,
  });
});

afterAll(async () => {
  await gateway?.close();
  await anthropic?.close();
  await openai?.close();
});

afterEach(() => {
  expect(anthropic.unexpected).toEqual([]);
  expect(openai.unexpected).toEqual([]);
});

/** Sends a fixture as Claude Code does: its headers, its key as x-api-key, `?beta=true`. */
async function replay(body: Json): Promise<{ status: number; text: string }> {
  const response = await fetch(`${gateway.url}/v1/messages?beta=true`, {
    method: 'POST',
    headers: { ...HEADERS, 'content-type': 'application/json', 'x-api-key': CLIENT_KEY },
    body: JSON.stringify(body),
  });
  return { status: response.status, text: await response.text() };
}

describe.each(TURNS)('Claude Code (%s) to Anthropic', (turn) => {
  const body = fixture(turn);

  it('is relayed untouched both ways', async () => {
    const result = await replay({ ...body, model: `anthropic/${String(body.model)}` });
    const sent = anthropic.requests.at(-1)!;
    expect(sent.status).toBe(200);
    expect(result.status).toBe(200);
    expect(result.text).toBe(sent.sent);
    // The same body, key order included (the model is the only change), with Claude Code's betas and version.
    expect(JSON.stringify(sent.body)).toBe(JSON.stringify(body));
    expect(sent.path).toBe('/v1/messages?beta=true');
    expect(sent.headers['anthropic-beta']).toBe(HEADERS['anthropic-beta']);
    expect(sent.headers['anthropic-version']).toBe('2023-06-01');
    expect(sent.headers['x-api-key']).toBe(MOCK_KEY);
    expect(JSON.stringify(sent.headers)).not.toContain(CLIENT_KEY);
    expect(sent.headers['x-claude-code-session-id']).toBeUndefined();
    parseAnthropicStream(result.text);
  });
});

describe('Claude Code to an OpenAI-format provider', () => {
  const MODEL = 'openai/gpt-4o-mini';
  const client = () =>
    new Anthropic({ baseURL: gateway.url, apiKey: CLIENT_KEY, maxRetries: 0, defaultHeaders: { 'anthropic-beta': HEADERS['anthropic-beta'] } });

  it('first turn: a stream of valid Anthropic events whose tool input parses exactly', async () => {
    const result = await replay({ ...fixture('first-turn.request.json'), model: MODEL });
    expect(result.status).toBe(200);
    const events = parseAnthropicStream(result.text);
    expect(events.map((event) => event.type)).toEqual([
      'message_start',
      ...['content_block_start', 'content_block_delta', 'content_block_delta', 'content_block_stop'],
      ...['content_block_start', 'content_block_delta', 'content_block_stop'],
      'message_delta',
      'message_stop',
    ]);
    const arguments0 = events.filter((event) => event.index === 0 && event.type === 'content_block_delta').map((event) => (event.delta as Json).partial_json);
    expect(arguments0.join('')).toBe('{"city":"Paris"}');
    expect(events.at(-2)).toMatchObject({ delta: { stop_reason: 'tool_use' }, usage: { input_tokens: 9, output_tokens: 4 } });

    const sent = openai.requests.at(-1)!.body!;
    const messages = sent.messages as Json[];
    expect(messages.map((message) => message.role)).toEqual(['system', 'user', 'system']);
    expect(JSON.stringify(messages[0])).toContain("You are Claude Code, Anthropic's official CLI for Claude.");
    // Anthropic-only settings are left out; adaptive thinking leaves the provider's own reasoning default.
    expect(Object.keys(sent)).toEqual(['model', 'messages', 'stream', 'tools', 'max_completion_tokens', 'user', 'stream_options']);
    expect(JSON.stringify(sent)).not.toMatch(/cache_control|defer_loading|context_management|output_config|"thinking"|reasoning_effort/);
    expect((sent.tools as Json[]).map((tool) => (tool.function as Json).name)).toEqual(
      (fixture('first-turn.request.json').tools as Json[]).map((tool) => tool.name),
    );
    expect(sent).toMatchObject({ max_completion_tokens: 32000, stream: true, user: (fixture('first-turn.request.json').metadata as Json).user_id });
  });

  it("first turn through the SDK's stream parser: tool calls with their input", async () => {
    const { model: _model, stream: _stream, ...rest } = fixture('first-turn.request.json');
    const message = await client()
      .messages.stream({ ...(rest as unknown as Anthropic.MessageStreamParams), model: MODEL })
      .finalMessage();
    expect(message.stop_reason).toBe('tool_use');
    expect(message.content).toEqual([
      { type: 'tool_use', id: 'call_openai_0', name: 'Agent', input: { city: 'Paris' } },
      { type: 'tool_use', id: 'call_openai_1', name: 'Agent', input: { city: 'Rome' } },
    ]);
  });

  it('tool turn: the signed empty thinking is dropped, the tool result follows the tool call', async () => {
    const result = await replay({ ...fixture('tool-turn.request.json'), model: MODEL });
    expect(result.status).toBe(200);
    const events = parseAnthropicStream(result.text);
    expect(events.at(-1)).toEqual({ type: 'message_stop' });
    const messages = openai.requests.at(-1)!.body!.messages as Json[];
    expect(messages.slice(2)).toEqual([
      { role: 'system', content: 'The user is working in /tmp/project on branch main.' },
      {
        role: 'assistant',
        content: null,
        tool_calls: [{ id: 'toolu_01Read', type: 'function', function: { name: 'Read', arguments: '{"file_path":"/tmp/project/package.json"}' } }],
      },
      { role: 'tool', tool_call_id: 'toolu_01Read', content: '{\n  "name": "project",\n  "version": "1.4.2"\n}\n' },
    ]);
  });
});
