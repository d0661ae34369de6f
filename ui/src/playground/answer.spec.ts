import type { ChatCompletionChunk } from '../api/wire-types';
import { applyChunk, newAnswer } from './answer';

const chunk = (delta: ChatCompletionChunk['choices'][number]['delta'], finish: string | null = null): ChatCompletionChunk => ({
  choices: [{ index: 0, delta, finish_reason: finish }],
});

describe('applyChunk', () => {
  it('appends text and notes when the first token came', () => {
    let answer = newAnswer(100);
    answer = applyChunk(answer, chunk({ content: '' }), 110);
    expect(answer.firstTokenAt).toBeUndefined();
    answer = applyChunk(answer, chunk({ content: 'Hel' }), 150);
    answer = applyChunk(answer, chunk({ content: 'lo' }, 'stop'), 170);
    expect(answer).toMatchObject({ content: 'Hello', firstTokenAt: 150, finishReason: 'stop' });
  });

  it('merges tool-call fragments by index, without changing the earlier answer', () => {
    const first = applyChunk(
      newAnswer(0),
      chunk({ tool_calls: [{ index: 0, id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '' } }] }),
      1,
    );
    const second = applyChunk(first, chunk({ tool_calls: [{ index: 0, function: { arguments: '{"ci' } }] }), 2);
    const third = applyChunk(
      second,
      chunk({
        tool_calls: [
          { index: 0, function: { arguments: 'ty":"Paris"}' } },
          { index: 1, id: 'call_2', function: { name: 'get_time', arguments: '{}' } },
        ],
      }),
      3,
    );
    expect(third.toolCalls).toEqual([
      { id: 'call_1', type: 'function', function: { name: 'get_weather', arguments: '{"city":"Paris"}' } },
      { id: 'call_2', type: 'function', function: { name: 'get_time', arguments: '{}' } },
    ]);
    expect(second.toolCalls[0].function.arguments).toBe('{"ci');
    expect(third.firstTokenAt).toBe(1);
  });

  it('keeps the usage of the final chunk', () => {
    const usage = { prompt_tokens: 9, completion_tokens: 4, total_tokens: 13 };
    expect(applyChunk(newAnswer(0), { choices: [], usage }, 5).usage).toEqual(usage);
  });
});
