import { matchesAny, toModelPattern } from './model-pattern.js';

describe('toModelPattern', () => {
  it.each([
    ['openai/*', 'openai/gpt-4o', true],
    ['openai/*', 'OpenAI/GPT-4o', true],
    ['openai/*', 'anthropic/claude-sonnet-4-5', false],
    ['openrouter/*', 'openrouter/meta-llama/llama-3.3-70b', true],
    ['anthropic/claude-*', 'anthropic/claude-sonnet-4-5', true],
    ['anthropic/claude-*', 'anthropic/other', false],
    ['smart', 'smart', true],
    ['smart', 'smarter', false],
    ['gpt-4?', 'gpt-4o', true],
    ['gpt.4o', 'gpt-4o', false],
    ['*', 'anything/at/all', true],
  ])('%s against %s: %s', (pattern, model, expected) => {
    expect(toModelPattern(pattern).matches(model)).toBe(expected);
  });

  it('matches when any pattern matches any name (the model sent, the model routed to)', () => {
    const patterns = ['openai/*', 'smart'].map(toModelPattern);
    expect(matchesAny(patterns, ['smart', 'anthropic/claude-sonnet-4-5'])).toBe(true);
    expect(matchesAny(patterns, ['gpt-4o', 'openai/gpt-4o'])).toBe(true);
    expect(matchesAny(patterns, ['cheap', 'groq/llama'])).toBe(false);
  });
});
