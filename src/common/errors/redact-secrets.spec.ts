import { redactError, redactSecrets } from './redact-secrets.js';

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

describe('redactError', () => {
  const KEY = 'sk-proj-0123456789abcdefghijklmnopqrstuv';

  it('takes the key out of message, param, code and header values', () => {
    const error = { message: `bad key ${KEY}`, param: `key=${KEY}`, code: KEY, headers: { 'x-echo': `Bearer ${KEY}`, 'retry-after': '3' } };
    redactError(error, [KEY]);
    expect(JSON.stringify(error)).not.toContain(KEY.slice(8));
    expect(error).toEqual({
      message: 'bad key [redacted]',
      param: 'key=[redacted]',
      code: '[redacted]',
      headers: { 'x-echo': 'Bearer [redacted]', 'retry-after': '3' },
    });
  });

  it('redacts before it cuts a long message, so no part of a key straddling the cut remains', () => {
    const error = { message: `${'x'.repeat(490)}${KEY} and more`, param: null, code: null, headers: {} };
    redactError(error, [KEY]);
    expect(error.message).not.toContain(KEY.slice(0, 10));
    expect(error.message.length).toBeLessThanOrEqual(501);
    expect(error.message.startsWith('x'.repeat(490) + '[redac')).toBe(true);
  });
});
