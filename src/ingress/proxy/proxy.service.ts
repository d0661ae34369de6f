import { Inject, Injectable } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import type { Request, Response } from 'express';
import { AccessGate } from '../../access/access-gate.js';
import { UpstreamClient } from '../../common/http/upstream-client.js';
import { splitBaseUrl } from '../../common/http/upstream-url.js';
import { clientConfig } from '../../config/client.config.js';
import { ClsService } from 'nestjs-cls';
import type { RequestContext } from '../../common/context/request-context.js';
import { ProviderRouter } from '../../core/routing/provider-router.js';
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
    private readonly router: ProviderRouter,
    private readonly client: UpstreamClient,
    private readonly cls: ClsService<RequestContext>,
    private readonly access: AccessGate,
    @Inject(clientConfig.KEY) private readonly timeouts: ConfigType<typeof clientConfig>,
  ) {}

  async forward(providerId: string, request: Request, response: Response) {
    const { provider, credentials } = this.router.resolveProvider(providerId);
    const id = provider.id;
    const context = this.cls.get();
    context.route = { provider: id, model: '' };
    const { origin, pathPrefix } = splitBaseUrl(credentials.baseUrl);
    // The path after /proxy/<provider>, as the client encoded it, kept under the configured base.
    const rawPath = toProxiedPath(request.originalUrl);
    // Its usage is not known: the caller's model list, budget, requests per minute and in flight apply.
    if (this.access.enabled) await this.access.admitProxy(context, id);
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(request.headers)) {
      if (value === undefined || DROPPED_REQUEST_HEADERS.has(name)) continue;
      headers[name] = Array.isArray(value) ? value.join(', ') : value;
    }
    Object.assign(headers, provider.authHeaders(credentials));

    const abort = new AbortController();
    response.once('close', () => {
      if (!response.writableFinished) abort.abort();
    });
    const hasBody = request.method !== 'GET' && request.method !== 'HEAD';
    const upstream = await this.client.send({
      pool: id,
      origin,
      path: pathPrefix + rawPath,
      method: request.method,
      headers,
      body: hasBody ? request : null,
      signal: abort.signal,
      headersTimeoutMs: this.timeouts.timeoutMs,
      bodyTimeoutMs: this.timeouts.streamIdleTimeoutMs,
    });
    const responseHeaders: Record<string, string | string[]> = {};
    for (const [name, value] of Object.entries(upstream.headers)) {
      if (value === undefined || DROPPED_RESPONSE_HEADERS.has(name)) continue;
      // The caller's own rate-limit headers (access control) are the ones it is subject to, not the provider account's.
      if (name.startsWith('x-ratelimit-') && response.hasHeader(name)) continue;
      responseHeaders[name] = value;
    }
    return { statusCode: upstream.statusCode, headers: responseHeaders, body: upstream.body, apiKey: credentials.apiKey };
  }
}
