import { InvalidRequestError } from '../../common/errors/gateway-error.js';
import { toProxiedPath } from './proxy-path.js';

describe('toProxiedPath', () => {
  it.each([
    ['/proxy/openai/models', '/models'],
    ['/proxy/openai/files/file-1/content?limit=2&x=a/../b', '/files/file-1/content?limit=2&x=a/../b'],
    ['/proxy/openai/models/', '/models/'],
    ['/proxy/openai/a%20b/%40x', '/a%20b/%40x'],
    ['/proxy/open%61i/models', '/models'],
    ['http://evil.example:81/proxy/openai/models', '/models'],
    ['/proxy/openai/@evil.example/x', '/@evil.example/x'],
  ])('%s goes on as %s', (target, expected) => {
    expect(toProxiedPath(target)).toBe(expected);
  });

  it.each([
    '/proxy/openai//evil.example/x',
    '/proxy/openai/http://evil.example/x',
    '/proxy/openai/../x',
    '/proxy/openai/./x',
    '/proxy/openai/%2e%2E/x',
    '/proxy/openai/..%2fx',
    '/proxy/openai/a%2Fb',
    '/proxy/openai/a%5cb',
    '/proxy/openai/a\\b',
    '/proxy/openai/%E0%A4%A',
    '/proxy/openai',
  ])('refuses %s', (target) => {
    expect(() => toProxiedPath(target)).toThrow(InvalidRequestError);
  });
});
