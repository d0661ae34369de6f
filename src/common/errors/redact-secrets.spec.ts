import { redactSecrets } from './redact-secrets.js';

describe('redactSecrets', () => {
  it('replaces every occurrence of every secret', () => {
    expect(redactSecrets('key sk-abcdef123 and again sk-abcdef123, gsk_9876543210', ['sk-abcdef123', 'gsk_9876543210'])).toBe(
      'key [redacted] and again [redacted], [redacted]',
    );
  });

  it('leaves text alone when no secret is in it, and ignores missing or short values', () => {
    expect(redactSecrets('Invalid API key provided.', ['sk-abcdef123', undefined, 'short', ''])).toBe('Invalid API key provided.');
    expect(redactSecrets('a short key', ['short'])).toBe('a short key');
  });
});
