import { exceedsJsonDepth } from './json-depth.js';

const bytes = (text: string) => Buffer.from(text, 'utf8');

describe('exceedsJsonDepth', () => {
  it('counts nested objects and arrays', () => {
    expect(exceedsJsonDepth(bytes('{"a":[{"b":[1]}]}'), 4)).toBe(false);
    expect(exceedsJsonDepth(bytes('{"a":[{"b":[1]}]}'), 3)).toBe(true);
  });

  it('counts depth, not the number of containers', () => {
    expect(exceedsJsonDepth(bytes(`[${'[],'.repeat(10_000)}[]]`), 2)).toBe(false);
  });

  it('ignores brackets inside strings, escaped quotes included', () => {
    expect(exceedsJsonDepth(bytes('{"a":"[[[[{{{{","b":"\\"[[[[\\\\"}'), 1)).toBe(false);
    expect(exceedsJsonDepth(bytes('{"a":"\\\\",  "b":[[1]]}'), 2)).toBe(true);
  });

  it('reads UTF-8 text with multibyte characters correctly', () => {
    expect(exceedsJsonDepth(bytes('{"emoji":"😀[[[","x":["é"]}'), 2)).toBe(false);
  });
});
