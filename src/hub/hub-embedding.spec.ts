import { vectorToBase64, vectorToFloats } from './hub-embedding.js';

describe('embedding vectors', () => {
  it('encodes base64 as OpenAI does: the little-endian float32 bytes of each number, in order', () => {
    // 1.0 = 0x3f800000, -2.0 = 0xc0000000, 0.5 = 0x3f000000, each written low byte first.
    expect(vectorToBase64([1, -2, 0.5])).toBe('AACAPwAAAMAAAAA/');
    expect(vectorToBase64({ base64: 'kept-as-it-came' })).toBe('kept-as-it-came');
  });

  it('decodes base64 back to the same numbers (as float32)', () => {
    expect(vectorToFloats({ base64: 'AACAPwAAAMAAAAA/' })).toEqual([1, -2, 0.5]);
    expect(vectorToFloats({ base64: vectorToBase64([0.1]) })[0]).toBeCloseTo(0.1, 7);
    expect(vectorToFloats([3, 4])).toEqual([3, 4]);
  });
});
