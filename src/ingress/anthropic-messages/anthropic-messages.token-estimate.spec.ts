import { estimateInputTokens, TOKENS_PER_MEDIA_BLOCK } from './anthropic-messages.token-estimate.js';

describe('the count_tokens estimate', () => {
  it('counts the text of system, messages and tools with the tokenizer', async () => {
    const base = await estimateInputTokens({ model: 'm', messages: [{ role: 'user', content: 'Hello' }] });
    const longer = await estimateInputTokens({ model: 'm', messages: [{ role: 'user', content: 'Hello '.repeat(100) }] });
    const withSystem = await estimateInputTokens({ model: 'm', system: 'You are terse. '.repeat(10), messages: [{ role: 'user', content: 'Hello' }] });
    const withTool = await estimateInputTokens({
      model: 'm',
      messages: [{ role: 'user', content: 'Hello' }],
      tools: [{ name: 'get_weather', description: 'Weather by city', input_schema: { type: 'object', properties: { city: { type: 'string' } } } }],
    });
    expect(base).toBeGreaterThan(0);
    expect(longer - base).toBeGreaterThanOrEqual(99);
    expect(withSystem - base).toBeGreaterThan(20);
    expect(withTool - base).toBeGreaterThan(10);
  });

  it('counts tool calls, tool results and images, and reads special-token text as plain text', async () => {
    const estimate = await estimateInputTokens({
      model: 'm',
      messages: [
        {
          role: 'user',
          content: [
            { type: 'text', text: 'What is <|endoftext|>?' },
            { type: 'image', source: { type: 'url', url: 'https://x/y.png' } },
          ],
        },
        { role: 'assistant', content: [{ type: 'tool_use', id: 't', name: 'lookup', input: { term: 'endoftext' } }] },
        { role: 'user', content: [{ type: 'tool_result', tool_use_id: 't', content: 'A special token.' }] },
      ],
    });
    expect(estimate).toBeGreaterThan(TOKENS_PER_MEDIA_BLOCK + 20);
    expect(estimate).toBeLessThan(TOKENS_PER_MEDIA_BLOCK + 80);
  });
});
