import { JsonShapeScanner } from './json-shape.js';

const bytes = (text: string) => Buffer.from(text, 'utf8');

/** Feeds `text` in pieces of `size` bytes (split anywhere, inside strings and escapes too); the error thrown, if any. */
function scan(text: string, limits: { depth?: number; containers?: number } = {}, size = 3): Error | undefined {
  const scanner = new JsonShapeScanner(limits.depth ?? 64, limits.containers ?? 1_000_000);
  const all = bytes(text);
  try {
    for (let offset = 0; offset < all.length; offset += size) scanner.feed(all.subarray(offset, offset + size));
    return undefined;
  } catch (error) {
    return error as Error;
  }
}

describe('JsonShapeScanner', () => {
  it('counts nested objects and arrays', () => {
    expect(scan('{"a":[{"b":[1]}]}', { depth: 4 })).toBeUndefined();
    expect(scan('{"a":[{"b":[1]}]}', { depth: 3 })).toMatchObject({ status: 400, code: 'json_too_deep' });
  });

  it('counts depth apart from the number of containers', () => {
    expect(scan(`[${'[],'.repeat(10_000)}[]]`, { depth: 2 })).toBeUndefined();
  });

  it('refuses a body with more objects and arrays than allowed', () => {
    const messages = JSON.stringify({ messages: Array.from({ length: 100 }, () => ({ role: 'user' })) });
    expect(scan(messages, { containers: 102 })).toBeUndefined();
    expect(scan(messages, { containers: 101 })).toMatchObject({ status: 400, code: 'json_too_large', message: expect.stringMatching(/more than 101/) });
  });

  it.each([1, 2, 3, 7])('ignores brackets inside strings, escaped quotes and backslashes included, however the bytes are split (pieces of %i)', (size) => {
    expect(scan('{"a":"[[[[{{{{","b":"\\"[[[[\\\\"}', { depth: 1 }, size)).toBeUndefined();
    expect(scan('{"a":"\\\\",  "b":[[1]]}', { depth: 2 }, size)).toMatchObject({ code: 'json_too_deep' });
  });

  it('reads UTF-8 text with multibyte characters correctly', () => {
    expect(scan('{"emoji":"😀[[[","x":["é"]}', { depth: 2 })).toBeUndefined();
  });
});
