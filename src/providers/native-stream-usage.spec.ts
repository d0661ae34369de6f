import { decodeFixture, translateFixture } from '../../test/support/sse-fixtures.js';
import type { HubEvent } from '../hub/hub-event.js';
import { createAnthropicStreamDecoder } from './anthropic/anthropic.stream.js';
import { createCohereStreamDecoder } from './cohere/cohere.stream.js';

// Usage is counted for every stream (limits, budgets, telemetry), even when the client did not ask
// for it: the decoders always emit it, and the OpenAI encoder sends the client no usage chunk then.

const fixture = (provider: string, name: string) => new URL(`./${provider}/__fixtures__/${name}.chunks.txt`, import.meta.url);
const usages = (events: HubEvent[]) => events.flatMap((event) => (event.type === 'usage' ? [event.usage] : []));

describe('stream usage', () => {
  it('Anthropic: the merged usage of message_start and message_delta, once', async () => {
    const { events } = await decodeFixture(fixture('anthropic', 'cumulative-usage'), createAnthropicStreamDecoder('requested-model'));
    const withUsage = await translateFixture(fixture('anthropic', 'cumulative-usage'), createAnthropicStreamDecoder('requested-model'), {
      includeUsage: true,
      created: 1,
      model: 'm',
    });
    const withoutUsage = await translateFixture(fixture('anthropic', 'cumulative-usage'), createAnthropicStreamDecoder('requested-model'), {
      includeUsage: false,
      created: 1,
      model: 'm',
    });
    const reported = usages(events);
    expect(reported).toHaveLength(1);
    expect(withUsage.chunks.at(-1)!.usage).toMatchObject({ prompt_tokens: reported[0].inputTokens, completion_tokens: reported[0].outputTokens });
    expect(reported[0].outputTokens).toBeGreaterThan(0);
    for (const chunk of withoutUsage.chunks) expect(chunk).not.toHaveProperty('usage');
  });

  it('Cohere: the usage of message-end, once', async () => {
    const { events } = await decodeFixture(fixture('cohere', 'billed-units-max-tokens'), createCohereStreamDecoder('command-a-03-2025'));
    const withoutUsage = await translateFixture(fixture('cohere', 'billed-units-max-tokens'), createCohereStreamDecoder('command-a-03-2025'), {
      includeUsage: false,
      created: 1,
      model: 'm',
    });
    const reported = usages(events);
    expect(reported).toHaveLength(1);
    expect(reported[0].outputTokens).toBeGreaterThan(0);
    for (const chunk of withoutUsage.chunks) expect(chunk).not.toHaveProperty('usage');
  });
});
