import { createBlockOrder } from './hub-block-order.js';
import type { HubEvent } from './hub-event.js';

const ordered = (events: HubEvent[]): HubEvent[] => {
  const order = createBlockOrder();
  return events.flatMap((event) => order(event));
};

describe('block order', () => {
  it('passes blocks that come one after the other unchanged', () => {
    const events: HubEvent[] = [
      { type: 'response-start', id: 'r' },
      { type: 'text-start', index: 0 },
      { type: 'text-delta', index: 0, text: 'a' },
      { type: 'text-end', index: 0 },
      { type: 'tool-call-start', index: 1, id: 'c', name: 'f' },
      { type: 'tool-call-delta', index: 1, arguments: '{}' },
      { type: 'tool-call-end', index: 1 },
      { type: 'usage', usage: { inputTokens: 1, outputTokens: 2 } },
      { type: 'finish', finish: { reason: 'tool-calls', raw: 'tool_calls' } },
    ];
    expect(ordered(events)).toEqual(events);
  });

  it('holds back a tool call that opened while another was open, until the first ends', () => {
    const start0: HubEvent = { type: 'tool-call-start', index: 0, id: 'a', name: 'f' };
    const start1: HubEvent = { type: 'tool-call-start', index: 1, id: 'b', name: 'g' };
    const delta = (index: number, text: string): HubEvent => ({ type: 'tool-call-delta', index, arguments: text });
    const usage: HubEvent = { type: 'usage', usage: { inputTokens: 1, outputTokens: 2 } };
    const finish: HubEvent = { type: 'finish', finish: { reason: 'tool-calls', raw: 'tool_calls' } };
    const events: HubEvent[] = [
      start0,
      delta(0, '{"x"'),
      start1,
      delta(1, '{"y"'),
      delta(0, ':1}'),
      usage,
      delta(1, ':2}'),
      { type: 'tool-call-end', index: 0 },
      { type: 'tool-call-end', index: 1 },
      finish,
    ];
    expect(ordered(events)).toEqual([
      start0,
      delta(0, '{"x"'),
      delta(0, ':1}'),
      { type: 'tool-call-end', index: 0 },
      start1,
      delta(1, '{"y"'),
      usage,
      delta(1, ':2}'),
      { type: 'tool-call-end', index: 1 },
      finish,
    ]);
  });
});
