import { InvalidRequestError } from '../../common/errors/gateway-error.js';

const ABSOLUTE_FORM = /^[a-z][a-z\d+.-]*:\/\/[^/?#]*/i;

/**
 * The path and query a `/proxy/<provider>/...` request sends to the provider, appended to the
 * provider's configured base URL. The host always comes from configuration; this keeps the path
 * under the base path too: dot segments (`..`, `%2e%2e`), encoded slashes and backslashes
 * (`%2f`, `%5c`) and empty segments (`//host`) are refused rather than passed to a server that
 * might normalise them.
 */
export function toProxiedPath(requestTarget: string): string {
  // An absolute-form request target (`GET http://host/proxy/...`) names a host the gateway ignores.
  const target = requestTarget.replace(ABSOLUTE_FORM, '');
  const queryStart = target.indexOf('?');
  const path = queryStart === -1 ? target : target.slice(0, queryStart);
  const query = queryStart === -1 ? '' : target.slice(queryStart);
  const match = /^\/proxy\/[^/]+(\/.*)$/s.exec(path);
  if (!match) throw invalidPath('the path after /proxy/<provider> is missing');
  const rest = match[1];
  const segments = rest.split('/').slice(1);
  segments.forEach((segment, index) => {
    if (segment === '' && index < segments.length - 1) throw invalidPath('it has an empty segment (//)');
    let decoded: string;
    try {
      decoded = decodeURIComponent(segment);
    } catch {
      throw invalidPath('it has a malformed percent-encoding');
    }
    if (decoded === '.' || decoded === '..') throw invalidPath('it has a dot segment');
    if (/[/\\]/.test(decoded)) throw invalidPath('it has an encoded slash or a backslash');
  });
  return rest + query;
}

function invalidPath(reason: string): InvalidRequestError {
  return new InvalidRequestError(`The proxied path is refused: ${reason}.`, { code: 'invalid_proxy_path' });
}

const VERSION_SEGMENT = /^v\d+(?:(?:alpha|beta)\d*)?$/;

/**
 * The proxied path under a base URL that already ends with the API version: an SDK whose base URL
 * is `/proxy/<provider>` sends `/v1/messages`, and the provider's base `…/v1` must not become
 * `…/v1/v1/messages`.
 */
export function withoutRepeatedVersion(basePath: string, proxiedPath: string): string {
  const version = basePath.split('/').filter(Boolean).at(-1);
  if (!version || !VERSION_SEGMENT.test(version)) return proxiedPath;
  return proxiedPath === `/${version}` || proxiedPath.startsWith(`/${version}/`) || proxiedPath.startsWith(`/${version}?`)
    ? proxiedPath.slice(version.length + 1) || '/'
    : proxiedPath;
}
