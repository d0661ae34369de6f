import { UpstreamError } from '../../common/errors/gateway-error.js';
import type { ChatCompletionChunk } from '../../common/openai/chat-completion.types.js';
import type { HubEvent } from '../../hub/hub-event.js';
import { mapFinishReason, normalizeCompletion } from './openai-compatible.normalize.js';
import { OPENAI_COMPATIBLE_PRESETS } from './openai-compatible.presets.js';
import { createRelayStreamDecoder } from './openai-compatible.relay.js';

const preset = (id: string) => OPENAI_COMPATIBLE_PRESETS.find((entry) => entry.id === id)!;
const USAGE = { prompt_tokens: 3, completion_tokens: 2, total_tokens: 5 };

function chunk(choices: ChatCompletionChunk['choices'], extra: Record<string, unknown> = {}): ChatCompletionChunk {
  return { id: 'c1', object: 'chat.completion.chunk', created: 1, model: 'm', choices, ...extra };
}
const delta = (value: Record<string, unknown>, finish: string | null = null) => ({ index: 0, delta: value, finish_reason: finish });
/** The frames among the events: what the client gets. */
const frames = (events: HubEvent[]) => events.flatMap((event) => (event.type === 'frame' ? [event.data] : []));
const parsed = (data: string | object) => (typeof data === 'string' ? JSON.parse(data) : data) as ChatCompletionChunk;
/** Feeds the events as the upstream sends them (serialised, then `[DONE]`) and reads what the client gets. */
const run = (id: string, includeUsage: boolean, chunks: ChatCompletionChunk[]) => {
  const decoder = createRelayStreamDecoder(preset(id), includeUsage);
  const out = [...chunks.flatMap((entry) => decoder.decode(JSON.stringify(entry), undefined)), ...decoder.decode('[DONE]', undefined), ...decoder.flush()];
  return frames(out).map(parsed);
};
const relay = (includeUsage: boolean, data: string) => frames(createRelayStreamDecoder(preset('openai'), includeUsage).decode(data, undefined));

describe('finish reasons', () => {
  it('maps provider reasons and turns a stop after tool calls into tool_calls', () => {
    expect(mapFinishReason('model_length', false, preset('mistral').finishReasons)).toBe('length');
    expect(mapFinishReason('stop', true, undefined)).toBe('tool_calls');
    expect(mapFinishReason('stop', false, undefined)).toBe('stop');
    expect(mapFinishReason(null, true, undefined)).toBeNull();
  });

  it('fails a generation DeepSeek interrupted for lack of capacity', () => {
    expect(() => mapFinishReason('insufficient_system_resource', false, preset('deepseek').finishReasons)).toThrow(UpstreamError);
    const completion = {
      id: 'x',
      object: 'chat.completion' as const,
      created: 1,
      model: 'm',
      choices: [{ index: 0, message: { role: 'assistant' as const, content: 'par' }, finish_reason: 'insufficient_system_resource' }],
    };
    expect(() => normalizeCompletion(completion, preset('deepseek'))).toThrow(/capacity/);
  });
});

describe('stream usage', () => {
  it("splits Mistral's usage out of its last content chunk into OpenAI's final usage chunk", () => {
    const out = run('mistral', true, [chunk([delta({ role: 'assistant', content: 'Hi' })]), chunk([delta({}, 'stop')], { usage: USAGE })]);
    expect(out.map((entry) => [entry.choices.length, entry.usage])).toEqual([
      [1, null],
      [1, null],
      [0, USAGE],
    ]);
  });

  it("reads Groq's x_groq.usage when no usage chunk comes", () => {
    const out = run('groq', true, [chunk([delta({ content: 'Hi' })]), chunk([delta({}, 'stop')], { x_groq: { id: 'r', usage: USAGE } })]);
    expect(out.at(-1)).toMatchObject({ choices: [], usage: USAGE });
    expect(out.filter((entry) => entry.usage)).toHaveLength(1);
  });

  it('sends exactly one usage chunk when the provider sends its own as well', () => {
    const out = run('groq', true, [chunk([delta({}, 'stop')], { x_groq: { usage: USAGE } }), chunk([], { usage: USAGE })]);
    expect(out.filter((entry) => entry.choices.length === 0)).toHaveLength(1);
  });

  it('removes usage entirely when the client did not ask for it', () => {
    const out = run('mistral', false, [chunk([delta({ content: 'Hi' })]), chunk([delta({}, 'stop')], { usage: USAGE }), chunk([], { usage: USAGE })]);
    expect(out).toHaveLength(2);
    for (const entry of out) expect(entry).not.toHaveProperty('usage');
  });

  it('turns an error object in the stream into an upstream error', () => {
    expect(() => run('openai', false, [chunk([delta({ content: 'a' })]), { error: { message: 'boom', type: 'server_error' } } as never])).toThrow('boom');
  });
});

describe('relaying unchanged chunks', () => {
  const content = JSON.stringify(chunk([delta({ content: 'He said \\"error\\" twice' })]));

  it('passes an event that needs no change through byte for byte, without parsing it', () => {
    expect(relay(false, content)).toEqual([content]);
  });

  it.each([
    ['a finish reason', chunk([delta({}, 'stop')])],
    ['tool calls', chunk([delta({ tool_calls: [{ index: 0, id: 'c', type: 'function', function: { name: 'f', arguments: '' } }] })])],
    ['a usage object', chunk([], { usage: USAGE })],
    ['vendor usage', chunk([delta({ content: 'x' })], { x_groq: { id: 'r' } })],
    ['a usage key spelled otherwise than OpenAI does', chunk([delta({ content: 'x' })], { usage: null, extra: { usage: 1 } })],
  ])('parses an event with %s', (_name, event) => {
    const data = JSON.stringify(event);
    for (const out of relay(false, data)) expect(typeof out).toBe('object');
  });

  it('takes the "usage": null the gateway asked for out of an event the client gets unparsed', () => {
    const event = JSON.stringify(chunk([delta({ content: 'x' })], { usage: null }));
    const [out] = relay(false, event);
    expect(out).toBe(event.replace(',"usage":null', ''));
    expect(JSON.parse(out as string)).not.toHaveProperty('usage');
  });

  it('relays chunks that already carry "usage": null when the client asked for usage', () => {
    const event = JSON.stringify(chunk([delta({ content: 'x' })], { usage: null }));
    expect(relay(true, event)).toEqual([event]);
  });

  it('reports a stream that ended without [DONE]', () => {
    const decoder = createRelayStreamDecoder(preset('openai'), false);
    decoder.decode(content, undefined);
    expect(decoder.finished).toBe(false);
    expect(() => decoder.flush()).toThrow(/before it was complete/);
  });
});
