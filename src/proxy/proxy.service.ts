import { Inject, Injectable } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import type { Request, Response } from 'express';
import { InvalidRequestError, NotFoundError } from '../common/errors/gateway-error.js';
import { UpstreamClient } from '../common/http/upstream-client.js';
import { splitBaseUrl } from '../common/http/upstream-url.js';
import { clientConfig } from '../config/client.config.js';
import { ProviderFactory } from '../providers/provider.factory.js';
import { providersConfig } from '../config/providers.config.js';
import { toProxiedPath } from './proxy-path.js';

/** Request headers never passed on: hop-by-hop, the client's own credentials, and what undici sets. */
const DROPPED_REQUEST_HEADERS = new Set([
  'host',
  'connection',
  'keep-alive',
  'proxy-authorization',
  'proxy-connection',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
  'authorization',
  'x-api-key',
  'api-key',
  'x-goog-api-key',
  'cookie',
  'forwarded',
  'x-forwarded-for',
  'x-forwarded-host',
  'x-forwarded-proto',
  'expect',
]);

const DROPPED_RESPONSE_HEADERS = new Set(['connection', 'keep-alive', 'transfer-encoding', 'upgrade', 'trailer', 'set-cookie']);

@Injectable()
export class ProxyService {
  constructor(
    private readonly factory: ProviderFactory,
    private readonly client: UpstreamClient,
    @Inject(providersConfig.KEY) private readonly providers: ConfigType<typeof providersConfig>,
    @Inject(clientConfig.KEY) private readonly timeouts: ConfigType<typeof clientConfig>,
  ) {}

  async forward(providerId: string, request: Request, response: Response) {
    const id = providerId.toLowerCase();
    const provider = this.factory.get(id);
    if (!provider) throw new NotFoundError(`Unknown provider "${id}".`, { param: 'provider', code: 'unknown_provider' });
    const settings = this.providers.providers[id];
    if (settings.unusableReason) {
      throw new InvalidRequestError(`Provider "${id}" is not configured: ${settings.unusableReason}.`, { code: 'provider_not_configured' });
    }
    response.locals.route = { provider: id, model: '' };

    const { origin, pathPrefix } = splitBaseUrl(settings.baseUrl);
    // The path after /proxy/<provider>, as the client encoded it, kept under the configured base.
    const rawPath = toProxiedPath(request.originalUrl);
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(request.headers)) {
      if (value === undefined || DROPPED_REQUEST_HEADERS.has(name)) continue;
      headers[name] = Array.isArray(value) ? value.join(', ') : value;
    }
    Object.assign(headers, provider.authHeaders({ baseUrl: settings.baseUrl, apiKey: settings.apiKey }));

    const abort = new AbortController();
    response.once('close', () => {
      if (!response.writableFinished) abort.abort();
    });
    const hasBody = request.method !== 'GET' && request.method !== 'HEAD';
    const upstream = await this.client.send({
      pool: id,
      origin,
      path: pathPrefix + rawPath,
      method: request.method as 'GET',
      headers,
      body: hasBody ? request : null,
      signal: abort.signal,
      headersTimeoutMs: this.timeouts.timeoutMs,
      bodyTimeoutMs: this.timeouts.streamIdleTimeoutMs,
    });
    const responseHeaders: Record<string, string | string[]> = {};
    for (const [name, value] of Object.entries(upstream.headers)) {
      if (value !== undefined && !DROPPED_RESPONSE_HEADERS.has(name)) responseHeaders[name] = value;
    }
    return { statusCode: upstream.statusCode, headers: responseHeaders, body: upstream.body, apiKey: settings.apiKey };
  }
}
