/** A provider base URL split into the origin undici connects to and the path prefix. */
export interface UpstreamBase {
  origin: string;
  pathPrefix: string;
}

const cache = new Map<string, UpstreamBase>();

/** Base URLs come from configuration only, so the cache is bounded by the number of providers. */
export function splitBaseUrl(baseUrl: string): UpstreamBase {
  let base = cache.get(baseUrl);
  if (!base) {
    const url = new URL(baseUrl);
    base = { origin: url.origin, pathPrefix: url.pathname.replace(/\/+$/, '') };
    cache.set(baseUrl, base);
  }
  return base;
}
