import type { ChatCompletionChunk, CompletionUsage } from '../../common/openai/chat-completion.types.js';
import { fromOpenAiUsage } from '../../common/openai/openai-usage.js';
import type { HubUsage } from '../../hub/hub-usage.js';
import { OPENAI_COMPATIBLE_PRESETS } from './openai-compatible.presets.js';
import { createRelayStreamDecoder } from './openai-compatible.relay.js';

const preset = (id: string) => OPENAI_COMPATIBLE_PRESETS.find((candidate) => candidate.id === id)!;
const USAGE: CompletionUsage = { prompt_tokens: 12, completion_tokens: 5, total_tokens: 17 };

const chunk = (choices: ChatCompletionChunk['choices'], extra: Partial<ChatCompletionChunk> = {}): ChatCompletionChunk => ({
  id: 'chatcmpl-1',
  object: 'chat.completion.chunk',
  created: 1,
  model: 'gpt-4o-mini',
  choices,
  ...extra,
});

/** An OpenAI stream asked for usage: content, finish, then the usage-only chunk. */
const openAiStream = () => [
  chunk([{ index: 0, delta: { role: 'assistant', content: 'Hi' }, finish_reason: null }], { usage: null }),
  chunk([{ index: 0, delta: {}, finish_reason: 'stop' }], { usage: null }),
  chunk([], { usage: USAGE }),
];

function run(id: string, includeUsage: boolean, upstream: ChatCompletionChunk[]) {
  const decoder = createRelayStreamDecoder(preset(id), includeUsage);
  // Each event as the upstream sends it, then `[DONE]`; relayed chunks are parsed back to look at them.
  const events = [...upstream.map((piece) => JSON.stringify(piece)), '[DONE]'].flatMap((data) => decoder.decode(data, undefined));
  const sent = events.flatMap((event) =>
    event.type === 'frame' ? [(typeof event.data === 'string' ? JSON.parse(event.data) : event.data) as ChatCompletionChunk] : [],
  );
  const reported: HubUsage[] = events.flatMap((event) => (event.type === 'usage' ? [event.usage] : []));
  return { sent, reported };
}

describe('usage of a stream for the gateway', () => {
  it('reports usage the client did not ask for, without sending it to the client', () => {
    const { sent, reported } = run('openai', false, openAiStream());
    expect(reported).toEqual([fromOpenAiUsage(USAGE)]);
    expect(sent).toHaveLength(2);
    for (const piece of sent) expect(piece).not.toHaveProperty('usage');
  });

  it('reports usage once and still sends the final usage chunk to a client that asked', () => {
    const { sent, reported } = run('openai', true, openAiStream());
    expect(reported).toEqual([fromOpenAiUsage(USAGE)]);
    expect(sent.at(-1)).toMatchObject({ choices: [], usage: USAGE });
  });

  it("reports Groq's x_groq.usage and Mistral's usage on the last content chunk", () => {
    const groq = run('groq', false, [chunk([{ index: 0, delta: {}, finish_reason: 'stop' }], { x_groq: { id: 'req_1', usage: USAGE } })]);
    expect(groq.reported).toEqual([fromOpenAiUsage(USAGE)]);
    const mistral = run('mistral', false, [chunk([{ index: 0, delta: {}, finish_reason: 'stop' }], { usage: USAGE })]);
    expect(mistral.reported).toEqual([fromOpenAiUsage(USAGE)]);
    expect(mistral.sent[0]).not.toHaveProperty('usage');
  });

  it('reports nothing when the upstream sent no usage', () => {
    expect(run('openai', false, openAiStream().slice(0, 2)).reported).toEqual([]);
  });
});
