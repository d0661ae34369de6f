import type { CompletionUsage } from '../common/openai/chat-completion.types.js';
import { translateFixture } from '../../test/support/sse-fixtures.js';
import { createAnthropicStreamTranslator } from './anthropic/anthropic.stream.js';
import { createCohereStreamTranslator } from './cohere/cohere.stream.js';

// Telemetry counts a stream's tokens even when the client did not ask for usage: the native
// translators report the final usage through `onUsage` and still send the client no usage chunk.

const fixture = (provider: string, name: string) => new URL(`./${provider}/__fixtures__/${name}.chunks.txt`, import.meta.url);

describe('stream usage reported for telemetry', () => {
  it('Anthropic: the merged usage of message_start and message_delta', async () => {
    const reported: CompletionUsage[] = [];
    const { chunks } = await translateFixture(
      fixture('anthropic', 'cumulative-usage'),
      createAnthropicStreamTranslator({ includeUsage: false, created: 1, model: 'requested-model', onUsage: (usage) => reported.push(usage) }),
    );
    const withUsage = await translateFixture(fixture('anthropic', 'cumulative-usage'), createAnthropicStreamTranslator({ includeUsage: true, created: 1, model: 'requested-model' }));
    expect(reported).toEqual([withUsage.chunks.at(-1)!.usage]);
    expect(reported[0].completion_tokens).toBeGreaterThan(0);
    for (const chunk of chunks) expect(chunk).not.toHaveProperty('usage');
  });

  it('Cohere: the usage of message-end', async () => {
    const reported: CompletionUsage[] = [];
    const { chunks } = await translateFixture(
      fixture('cohere', 'billed-units-max-tokens'),
      createCohereStreamTranslator({ includeUsage: false, created: 1, model: 'command-a-03-2025', onUsage: (usage) => reported.push(usage) }),
    );
    expect(reported).toHaveLength(1);
    expect(reported[0].prompt_tokens + reported[0].completion_tokens).toBe(reported[0].total_tokens);
    expect(reported[0].completion_tokens).toBeGreaterThan(0);
    for (const chunk of chunks) expect(chunk).not.toHaveProperty('usage');
  });
});
