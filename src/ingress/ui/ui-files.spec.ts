import { classifyUiPath } from './ui-files.js';

describe('classifyUiPath', () => {
  it.each([
    ['assets/index-Bx1f3.js', 'hashed-asset'],
    ['favicon.svg', 'file'],
    ['', 'page'],
    ['status', 'page'],
    ['auth/callback', 'page'],
  ])('%j is a %s', (path, kind) => {
    expect(classifyUiPath(path)).toBe(kind);
  });
});
