import { UpstreamError } from '../../common/errors/gateway-error.js';
import type { ChatCompletionChunk } from '../../common/openai/chat-completion.types.js';
import { createChunkTranslator, mapFinishReason, normalizeCompletion } from './openai-compatible.normalize.js';
import { OPENAI_COMPATIBLE_PRESETS } from './openai-compatible.presets.js';

const preset = (id: string) => OPENAI_COMPATIBLE_PRESETS.find((entry) => entry.id === id)!;
const USAGE = { prompt_tokens: 3, completion_tokens: 2, total_tokens: 5 };

function chunk(choices: ChatCompletionChunk['choices'], extra: Record<string, unknown> = {}): ChatCompletionChunk {
  return { id: 'c1', object: 'chat.completion.chunk', created: 1, model: 'm', choices, ...extra };
}
const delta = (value: Record<string, unknown>, finish: string | null = null) => ({ index: 0, delta: value, finish_reason: finish });
const run = (id: string, includeUsage: boolean, chunks: ChatCompletionChunk[]) => {
  const translator = createChunkTranslator(preset(id), includeUsage);
  return [...chunks.flatMap((entry) => translator.translate(structuredClone(entry))), ...translator.flush()];
};

describe('finish reasons', () => {
  it('maps provider reasons and turns a stop after tool calls into tool_calls', () => {
    expect(mapFinishReason('model_length', false, preset('mistral').finishReasons)).toBe('length');
    expect(mapFinishReason('stop', true, undefined)).toBe('tool_calls');
    expect(mapFinishReason('stop', false, undefined)).toBe('stop');
    expect(mapFinishReason(null, true, undefined)).toBeNull();
  });

  it("fails a generation DeepSeek interrupted for lack of capacity", () => {
    expect(() => mapFinishReason('insufficient_system_resource', false, preset('deepseek').finishReasons)).toThrow(UpstreamError);
    const completion = { id: 'x', object: 'chat.completion' as const, created: 1, model: 'm', choices: [{ index: 0, message: { role: 'assistant' as const, content: 'par' }, finish_reason: 'insufficient_system_resource' }] };
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
