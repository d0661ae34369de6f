import { toOpenAiFinishReason } from '../../common/openai/openai-finish-reason.js';
import { mapAnthropicStopReason } from './anthropic.finish-reason.js';

describe('mapAnthropicStopReason', () => {
  it.each([
    ['end_turn', 'stop', 'stop'],
    ['stop_sequence', 'stop-sequence', 'stop'],
    ['pause_turn', 'pause', 'stop'],
    ['max_tokens', 'length', 'length'],
    ['model_context_window_exceeded', 'length', 'length'],
    ['tool_use', 'tool-calls', 'tool_calls'],
    ['refusal', 'content-filter', 'content_filter'],
    [null, 'stop', 'stop'],
    ['a_reason_added_later', 'stop', 'stop'],
  ])('maps %s to %s (OpenAI: %s)', (reason, hub, openAi) => {
    const finish = mapAnthropicStopReason(reason);
    expect(finish.reason).toBe(hub);
    expect(toOpenAiFinishReason(finish)).toBe(openAi);
  });

  it('keeps the stop sequence that ended the text', () => {
    expect(mapAnthropicStopReason('stop_sequence', 'END')).toEqual({ reason: 'stop-sequence', raw: 'stop_sequence', stopSequence: 'END' });
  });
});
