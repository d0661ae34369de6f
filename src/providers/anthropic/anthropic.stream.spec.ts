import { contentOf, reasoningOf, toolCallsOf, translateFixture } from '../../../test/support/sse-fixtures.js';
import { createAnthropicStreamDecoder } from './anthropic.stream.js';

const CREATED = 1760000100;
const fixture = (name: string) => new URL(`./__fixtures__/${name}.chunks.txt`, import.meta.url);
const translate = (name: string, includeUsage = false) =>
  translateFixture(fixture(name), createAnthropicStreamDecoder('requested-model'), { includeUsage, created: CREATED, model: 'requested-model' });

// The stream as an OpenAI client receives it: decoded into hub events, rendered as chunks.
describe('createAnthropicStreamTranslator', () => {
  it('turns text deltas into content chunks, ignores ping, and ends with stop', async () => {
    const { chunks, error, finished } = await translate('text');

    expect(error).toBeUndefined();
    expect(finished).toBe(true);
    expect(chunks[0].choices[0].delta).toEqual({ role: 'assistant', content: '' });
    expect(contentOf(chunks)).toBe('Hello from Claude, déjà vu ✓');
    // role chunk, three text deltas (the two pings yield nothing), finish chunk
    expect(chunks).toHaveLength(5);
    expect(chunks.at(-1)!.choices[0]).toEqual({ index: 0, delta: {}, logprobs: null, finish_reason: 'stop' });
    expect(chunks.filter((chunk) => chunk.choices[0].finish_reason !== null)).toHaveLength(1);
    for (const chunk of chunks) {
      expect(chunk).toMatchObject({ id: 'msg_01TextAbc', object: 'chat.completion.chunk', created: CREATED, model: 'claude-sonnet-4-5-20250929' });
      expect(chunk).not.toHaveProperty('usage');
    }
    expect(chunks).toMatchSnapshot();
  });

  it('numbers interleaved tool calls 0, 1, 2 in order, whatever their block index', async () => {
    const { chunks, error } = await translate('text-and-tools');

    expect(error).toBeUndefined();
    expect(contentOf(chunks)).toBe('Let me check both. And Rome:');
    const calls = toolCallsOf(chunks);
    expect(calls).toEqual([
      { index: 0, id: 'toolu_01Paris', name: 'get_weather', arguments: '{"city": "Paris"}' },
      { index: 1, id: 'toolu_02Rome', name: 'get_weather', arguments: '{"city": "Rome", "unit": "C"}' },
      // a call whose input stream was empty gets `{}`, so the arguments always parse
      { index: 2, id: 'toolu_03Time', name: 'get_time', arguments: '{}' },
    ]);
    for (const call of calls) expect(typeof JSON.parse(call.arguments)).toBe('object');
    const firstFragments = chunks.flatMap((chunk) => chunk.choices[0].delta.tool_calls ?? []).filter((delta) => delta.id);
    for (const delta of firstFragments) expect(delta).toMatchObject({ type: 'function', function: { arguments: '' } });
    const laterFragments = chunks.flatMap((chunk) => chunk.choices[0].delta.tool_calls ?? []).filter((delta) => !delta.id);
    for (const delta of laterFragments) expect(Object.keys(delta).sort()).toEqual(['function', 'index']);
    expect(chunks.at(-1)!.choices[0].finish_reason).toBe('tool_calls');
    expect(chunks).toMatchSnapshot();
  });

  it('reports cumulative usage once, last, counting cache reads and writes as prompt tokens', async () => {
    const { chunks } = await translate('cumulative-usage', true);

    const last = chunks.at(-1)!;
    expect(last.choices).toEqual([]);
    // output_tokens 10 then 25 is cumulative: 25, not 35; input 52 overrides 50; cache write 200 kept (null does not erase it)
    expect(last.usage).toEqual({
      prompt_tokens: 52 + 200 + 1024,
      completion_tokens: 25,
      total_tokens: 52 + 200 + 1024 + 25,
      prompt_tokens_details: { cached_tokens: 1024 },
      completion_tokens_details: { reasoning_tokens: 7 },
    });
    expect(chunks.at(-2)!.choices[0].finish_reason).toBe('stop');
    for (const chunk of chunks.slice(0, -1)) expect(chunk.usage).toBeNull();
  });

  it('sends thinking as reasoning_content, apart from the answer, and each signed or redacted block whole as thinking_blocks', async () => {
    const { chunks } = await translate('thinking');

    expect(reasoningOf(chunks)).toBe('The user wants 2+2. That is 4.');
    expect(contentOf(chunks)).toBe('4');
    const blocks = chunks.flatMap((chunk) => (chunk.choices[0]?.delta.thinking_blocks as unknown[] | undefined) ?? []);
    expect(blocks).toEqual([
      { type: 'thinking', thinking: 'The user wants 2+2. That is 4.', signature: 'EqQBCkYIARgCIkBsig' },
      { type: 'redacted_thinking', data: 'EmwKAhgBEgy3va' },
    ]);
    expect(chunks).toMatchSnapshot();
  });

  it('throws an error event as an overloaded error after the chunks before it', async () => {
    const { chunks, error } = await translate('mid-stream-error');

    expect(contentOf(chunks)).toBe('Partial');
    expect(error).toMatchObject({ status: 503, type: 'overloaded_error', message: 'Overloaded' });
    expect(chunks.some((chunk) => chunk.choices[0]?.finish_reason)).toBe(false);
  });

  it('fails a stream that ends before message_stop, dropping the incomplete last event', async () => {
    const { chunks, error, finished } = await translate('truncated');

    expect(finished).toBe(false);
    expect(contentOf(chunks)).toBe('Cut ');
    expect(error).toMatchObject({ status: 502, code: 'stream_truncated' });
  });

  it('maps max_tokens to length and keeps text that arrives in content_block_start', async () => {
    const { chunks } = await translate('max-tokens');

    expect(contentOf(chunks)).toBe('Once upon a time');
    expect(chunks.at(-1)!.choices[0].finish_reason).toBe('length');
    expect(chunks[0].model).toBe('claude-haiku-4-5');
  });

  it('maps a refusal to content_filter', async () => {
    const { chunks } = await translate('refusal', true);

    expect(chunks.map((chunk) => chunk.choices[0]?.finish_reason ?? null)).toEqual([null, 'content_filter', null]);
    expect(chunks.at(-1)!.usage).toMatchObject({ prompt_tokens: 15, completion_tokens: 1 });
  });

  it('drops server tool blocks and citations, which have no OpenAI form', async () => {
    const { chunks } = await translate('server-tool');

    expect(toolCallsOf(chunks)).toEqual([]);
    expect(contentOf(chunks)).toBe('Sunny.');
    expect(chunks.at(-1)!.choices[0].finish_reason).toBe('stop');
  });

  it('emits nothing after the stream finished', () => {
    const decoder = createAnthropicStreamDecoder('m');
    decoder.decode(JSON.stringify({ type: 'message_start', message: { id: 'msg_1', model: 'm' } }), undefined);
    expect(decoder.decode(JSON.stringify({ type: 'message_stop' }), undefined).map((event) => event.type)).toEqual(['usage', 'finish']);
    expect(decoder.finished).toBe(true);
    expect(decoder.decode(JSON.stringify({ type: 'content_block_delta', index: 0, delta: { type: 'text_delta', text: 'late' } }), undefined)).toEqual([]);
    expect(decoder.flush()).toEqual([]);
  });
});
