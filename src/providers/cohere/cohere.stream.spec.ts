import { contentOf, reasoningOf, toolCallsOf, translateFixture } from '../../../test/support/sse-fixtures.js';
import { createCohereStreamDecoder } from './cohere.stream.js';

const CREATED = 1760000200;
const fixture = (name: string) => new URL(`./__fixtures__/${name}.chunks.txt`, import.meta.url);
const translate = (name: string, includeUsage = false) =>
  translateFixture(fixture(name), createCohereStreamDecoder('command-a-03-2025'), { includeUsage, created: CREATED, model: 'command-a-03-2025' });

// The stream as an OpenAI client receives it: decoded into hub events, rendered as chunks.
describe('createCohereStreamTranslator', () => {
  it('turns content deltas into content chunks and COMPLETE into stop, without usage unless asked', async () => {
    const { chunks, error, finished } = await translate('text');

    expect(error).toBeUndefined();
    expect(finished).toBe(true);
    expect(chunks[0].choices[0].delta).toEqual({ role: 'assistant', content: '' });
    expect(contentOf(chunks)).toBe('Hello from Command, déjà vu ✓');
    expect(chunks.map((chunk) => chunk.choices[0].finish_reason)).toEqual([null, null, null, null, 'stop']);
    for (const chunk of chunks) {
      expect(chunk).toMatchObject({
        id: 'c14c80c3-18eb-4519-9460-6c92edd8cfb4',
        object: 'chat.completion.chunk',
        created: CREATED,
        model: 'command-a-03-2025',
      });
      expect(chunk).not.toHaveProperty('usage');
    }
    expect(chunks).toMatchSnapshot();
  });

  it('streams the tool plan as reasoning and tool calls (an object per event) by index, tolerating a trailing [DONE]', async () => {
    const { chunks, error } = await translate('tool-plan-and-calls', true);

    expect(error).toBeUndefined();
    expect(reasoningOf(chunks)).toBe('I will check the weather in both cities.');
    expect(contentOf(chunks)).toBe('');
    expect(toolCallsOf(chunks)).toEqual([
      { index: 0, id: 'get_weather_q1w2', name: 'get_weather', arguments: '{"city": "Paris"}' },
      { index: 1, id: 'get_weather_e3r4', name: 'get_weather', arguments: '{"city": "Rome"}' },
      { index: 2, id: 'get_time_t5y6', name: 'get_time', arguments: '{}' },
    ]);
    const finish = chunks.at(-2)!;
    expect(finish.choices[0]).toEqual({ index: 0, delta: {}, logprobs: null, finish_reason: 'tool_calls' });
    expect(chunks.at(-1)).toEqual({
      id: '9a1f0c2e-0000-4b7e-9a0a-3f1d2c3b4a5e',
      object: 'chat.completion.chunk',
      created: CREATED,
      model: 'command-a-03-2025',
      choices: [],
      usage: { prompt_tokens: 612, completion_tokens: 35, total_tokens: 647, prompt_tokens_details: { cached_tokens: 512 } },
    });
    for (const chunk of chunks.slice(0, -1)) expect(chunk.usage).toBeNull();
    expect(chunks).toMatchSnapshot();
  });

  it('numbers tool calls from 0 even when Cohere counts them after content blocks', async () => {
    const { chunks } = await translate('text-then-tool-call');

    expect(contentOf(chunks)).toBe('Checking.');
    expect(toolCallsOf(chunks)).toEqual([{ index: 0, id: 'get_weather_a1', name: 'get_weather', arguments: '{"city":"Oslo"}' }]);
    expect(chunks.at(-1)!.choices[0].finish_reason).toBe('tool_calls');
  });

  it('sends thinking content as reasoning_content, apart from the answer', async () => {
    const { chunks } = await translate('thinking');

    expect(reasoningOf(chunks)).toBe('2+2 is basic arithmetic.');
    expect(contentOf(chunks)).toBe('4');
  });

  it('falls back to billed units for usage and maps MAX_TOKENS to length', async () => {
    const { chunks } = await translate('billed-units-max-tokens', true);

    expect(chunks.at(-2)!.choices[0].finish_reason).toBe('length');
    expect(chunks.at(-1)!.usage).toEqual({ prompt_tokens: 14, completion_tokens: 3, total_tokens: 17, prompt_tokens_details: { cached_tokens: 0 } });
  });

  it('throws the error of a failed message-end instead of finishing', async () => {
    const { chunks, error } = await translate('message-end-error', true);

    expect(contentOf(chunks)).toBe('Partial');
    expect(error).toMatchObject({ status: 502, type: 'api_error', message: 'internal server error, this may be a temporary issue' });
    expect(chunks.some((chunk) => chunk.choices[0]?.finish_reason || chunk.choices.length === 0)).toBe(false);
  });

  it('fails a stream that ends before message-end', async () => {
    const { chunks, error, finished } = await translate('truncated');

    expect(finished).toBe(false);
    expect(contentOf(chunks)).toBe('Cut ');
    expect(error).toMatchObject({ status: 502, code: 'stream_truncated' });
  });

  it('drops citations, logprobs and debug events and maps STOP_SEQUENCE to stop', async () => {
    const { chunks } = await translate('citations');

    expect(contentOf(chunks)).toBe('Paris is sunny.');
    expect(JSON.stringify(chunks)).not.toMatch(/citation|hidden|doc_0/);
    expect(chunks.at(-1)!.choices[0].finish_reason).toBe('stop');
    expect(chunks).toHaveLength(3);
  });

  it('throws for TIMEOUT as an upstream timeout', () => {
    const decoder = createCohereStreamDecoder('m');
    decoder.decode(JSON.stringify({ type: 'message-start', id: 'x' }), undefined);
    expect(() => decoder.decode(JSON.stringify({ type: 'message-end', delta: { finish_reason: 'TIMEOUT' } }), undefined)).toThrow(
      expect.objectContaining({ status: 504 }),
    );
  });
});
