import type { HubEvent } from '../../hub/hub-event.js';
import { HubResponseBuilder } from '../../hub/hub-response.js';
import { toChatCompletion } from './openai-chat.response-encoder.js';
import { createOpenAiChatStreamEncoder } from './openai-chat.stream-encoder.js';

/** A tool loop's answer: the model's text, a tool the gateway ran, the model's answer. */
const EVENTS: HubEvent[] = [
  { type: 'response-start', id: 'chatcmpl-1', model: 'gpt-4o' },
  { type: 'text-start', index: 0 },
  { type: 'text-delta', index: 0, text: 'Let me look.' },
  { type: 'text-end', index: 0 },
  { type: 'server-tool-start', index: 1, id: 'call_1', name: 'search', server: 'docs', arguments: '{"q":"x"}' },
  { type: 'server-tool-end', index: 1, output: 'x'.repeat(2005), isError: false },
  { type: 'text-start', index: 2 },
  { type: 'text-delta', index: 2, text: 'Found.' },
  { type: 'text-end', index: 2 },
  { type: 'finish', finish: { reason: 'stop' } },
];

const SHOWN = `Let me look.\n\n[MCP tool call] search (docs) {"q":"x"}\n[MCP tool result] ${'x'.repeat(2000)}… (5 more characters)\n\nFound.`;

describe('a tool the gateway ran, in OpenAI chat', () => {
  it('streams as content, marked, after a paragraph break, its long result cut', () => {
    const encoder = createOpenAiChatStreamEncoder({ includeUsage: false, created: 1, model: 'm' });
    const chunks = EVENTS.flatMap((event) => encoder.encode(event)).map(
      (frame) => JSON.parse(frame.slice('data: '.length)) as { choices: Array<{ delta: { content?: string } }> },
    );
    expect(chunks.map((chunk) => chunk.choices[0].delta.content ?? '').join('')).toBe(SHOWN);
  });

  it('is the same content in a whole answer', () => {
    const builder = new HubResponseBuilder();
    for (const event of EVENTS) builder.add(event);
    const completion = toChatCompletion(builder.result(), { created: 1, model: 'm' }) as {
      choices: Array<{ message: { content: string; tool_calls?: unknown } }>;
    };
    expect(completion.choices[0].message.content).toBe(SHOWN);
    expect(completion.choices[0].message.tool_calls).toBeUndefined();
  });
});
