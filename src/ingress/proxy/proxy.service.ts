import { Inject, Injectable } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import type { Request, Response } from 'express';
import { ClsService } from 'nestjs-cls';
import type { RequestContext } from '../../common/context/request-context.js';
import { PermissionError } from '../../common/errors/gateway-error.js';
import { AccessGate } from '../../access/access-gate.js';
import { UpstreamClient } from '../../common/http/upstream-client.js';
import { splitBaseUrl } from '../../common/http/upstream-url.js';
import { clientConfig } from '../../config/client.config.js';
import { serverConfig } from '../../config/server.config.js';
import { ProviderRouter } from '../../core/routing/provider-router.js';
import { readProxiedBody } from './proxy-body.js';
import { forwardedRequestHeaders, forwardedResponseHeaders } from './proxy-headers.js';
import { toProxiedPath, withoutRepeatedVersion } from './proxy-path.js';
import type { ProxiedAnswer } from './proxy-response.js';

/**
 * `/proxy/<provider>/<path>`: a request to the provider's own API, sent with the provider's key
 * instead of the caller's credentials, under the provider's configured base URL.
 */
@Injectable()
export class ProxyService {
  constructor(
    private readonly router: ProviderRouter,
    private readonly client: UpstreamClient,
    private readonly cls: ClsService<RequestContext>,
    private readonly access: AccessGate,
    @Inject(clientConfig.KEY) private readonly timeouts: ConfigType<typeof clientConfig>,
    @Inject(serverConfig.KEY) private readonly server: ConfigType<typeof serverConfig>,
  ) {}

  async forward(providerId: string, request: Request, response: Response): Promise<ProxiedAnswer & { deadline: AbortSignal }> {
    const { provider, credentials } = this.router.resolveProvider(providerId);
    const id = provider.id;
    const context = this.cls.get();
    context.route = { provider: id, model: '' };
    const { origin, pathPrefix } = splitBaseUrl(credentials.baseUrl);
    const path = pathPrefix + withoutRepeatedVersion(pathPrefix, toProxiedPath(request.originalUrl));
    const body = await readProxiedBody(request, this.server.maxRequestBodyBytes);
    if (body.kind === 'json' && body.model !== undefined) {
      context.route = { provider: id, model: body.model };
      if (!this.router.isModelAllowed(id, body.model)) {
        throw new PermissionError(`Model "${id}/${body.model}" is not allowed on this gateway.`, { param: 'model', code: 'model_not_allowed' });
      }
    }
    // Its usage is not known: the caller's model list, budget, requests per minute and in flight apply.
    if (this.access.enabled) await this.access.admitProxy(context, id);
    // The provider answers uncompressed, so the gateway can take its key out of error answers.
    const headers = { ...forwardedRequestHeaders(id, request.headers), ...provider.authHeaders(credentials), 'accept-encoding': 'identity' };
    const abort = new AbortController();
    response.once('close', () => {
      if (!response.writableFinished) abort.abort();
    });
    const deadline = AbortSignal.timeout(this.timeouts.timeoutMs);
    const upstream = await this.client.send({
      pool: id,
      origin,
      path,
      method: request.method,
      headers,
      requestId: context.requestId,
      body: body.kind === 'json' ? body.bytes : body.kind === 'stream' ? body.stream : null,
      signal: abort.signal,
      headersTimeoutMs: this.timeouts.timeoutMs,
      bodyTimeoutMs: this.timeouts.streamIdleTimeoutMs,
      decode: false,
    });
    const secrets = credentials.apiKey ? [credentials.apiKey] : [];
    // The caller's own rate-limit headers (access control) are the ones it is subject to; the provider account's are renamed.
    const callersOwn = response.getHeaderNames().some((name) => name.startsWith('x-ratelimit-'));
    const answerHeaders = Object.fromEntries(
      Object.entries(forwardedResponseHeaders(upstream.headers, secrets)).map(([name, value]) =>
        callersOwn && name.startsWith('x-ratelimit-') ? [`llm-provider-${name}`, value] : [name, value],
      ),
    );
    return { statusCode: upstream.statusCode, headers: answerHeaders, body: upstream.body, secrets, deadline };
  }
}
