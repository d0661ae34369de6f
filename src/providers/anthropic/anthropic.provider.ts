import { Inject, Injectable } from '@nestjs/common';
import type { Observable } from 'rxjs';
import { UpstreamClient, type UpstreamRequest } from '../../common/http/upstream-client.js';
import { readUpstreamErrorText, readUpstreamJson } from '../../common/http/upstream-body.js';
import { splitBaseUrl } from '../../common/http/upstream-url.js';
import type { Model } from '../../common/openai/chat-completion.types.js';
import { clientConfig, type ClientConfig } from '../../config/client.config.js';
import type { HubEvent } from '../../hub/hub-event.js';
import type { HubRequest } from '../../hub/hub-request.js';
import {
  COUNT_TOKENS_OPERATION,
  LlmProvider,
  RegisterLlmProvider,
  type ModelsCallContext,
  type ProviderCallContext,
  type ProviderCredentials,
  type RelayRequest,
} from '../llm-provider.js';
import { callUpstreamJson, callUpstreamText, streamUpstreamSse } from '../upstream-call.js';
import { anthropicConfig, type AnthropicConfig } from './anthropic.config.js';
import { toAnthropicGatewayError } from './anthropic.error.js';
import { fromAnthropicModelPage, type UpstreamModel } from './anthropic.models.js';
import { createAnthropicRelayDecoder, fromRelayedAnthropicBody, toAnthropicRelayError } from './anthropic.relay.js';
import { toAnthropicRequest } from './anthropic.request.js';
import { fromAnthropicResponse } from './anthropic.response.js';
import { createAnthropicStreamDecoder } from './anthropic.stream.js';
import type { AnthropicResponse } from './anthropic.types.js';
import { ANTHROPIC_MESSAGES } from '../../hub/hub-dialect.js';

export const ANTHROPIC_VERSION = '2023-06-01';
const MAX_MODEL_PAGES = 20;

/**
 * Anthropic's Messages API (`POST {ANTHROPIC_API_URL}/messages`): translated both ways for clients
 * of other dialects, relayed as it is for clients that speak it too.
 */
@Injectable()
@RegisterLlmProvider()
export class AnthropicProvider extends LlmProvider {
  readonly id = 'anthropic';
  override readonly nativeDialects = [ANTHROPIC_MESSAGES];

  constructor(
    private readonly client: UpstreamClient,
    @Inject(clientConfig.KEY) private readonly timeouts: ClientConfig,
    @Inject(anthropicConfig.KEY) private readonly settings: AnthropicConfig,
  ) {
    super();
  }

  authHeaders(credentials: ProviderCredentials): Record<string, string> {
    return credentials.apiKey ? { 'x-api-key': credentials.apiKey } : {};
  }

  async listModels(ctx: ModelsCallContext): Promise<Model[]> {
    const { origin, pathPrefix } = splitBaseUrl(ctx.credentials.baseUrl);
    const models: UpstreamModel[] = [];
    let afterId: string | undefined;
    for (let page = 0; page < MAX_MODEL_PAGES; page++) {
      const query = new URLSearchParams({ limit: '1000', ...(afterId ? { after_id: afterId } : {}) });
      const response = await this.client.send({
        pool: this.id,
        origin,
        path: `${pathPrefix}/models?${query.toString()}`,
        method: 'GET',
        headers: { accept: 'application/json', ...this.headers(ctx.credentials) },
        signal: ctx.signal,
        headersTimeoutMs: this.timeouts.modelsTimeoutMs,
        bodyTimeoutMs: this.timeouts.modelsTimeoutMs,
      });
      if (response.statusCode !== 200) throw toAnthropicGatewayError(response.statusCode, response.headers, await readUpstreamErrorText(response.body));
      const result = fromAnthropicModelPage(await readUpstreamJson(response.body, ctx.limits.maxResponseBodyBytes));
      models.push(...result.models);
      afterId = result.nextAfterId;
      if (!afterId) break;
    }
    return models.map((model) => ({ ...model, object: 'model' }));
  }

  chat(request: HubRequest, ctx: ProviderCallContext): Observable<HubEvent> {
    const open = (signal: AbortSignal) => this.client.send(this.messagesRequest(request, ctx, signal));
    const toError = toAnthropicGatewayError;
    if (request.stream) return streamUpstreamSse({ ctx, open, toError, createDecoder: () => createAnthropicStreamDecoder(ctx.upstreamModel) });
    return callUpstreamJson({ ctx, open, toError, decode: (body) => fromAnthropicResponse(body as AnthropicResponse) });
  }

  /**
   * A Messages request (or, with the `count-tokens` operation, a token count) relayed as the client
   * sent it: the same body with the upstream model name, the client's `anthropic-version` and
   * `anthropic-beta` and query string, the gateway's key in place of the caller's. The answer comes
   * back as Anthropic wrote it: the body as one frame, or the stream event by event.
   */
  override relay(request: RelayRequest, ctx: ProviderCallContext): Observable<HubEvent> {
    const countTokens = request.operation === COUNT_TOKENS_OPERATION;
    const stream = request.stream && !countTokens;
    const { origin, pathPrefix } = splitBaseUrl(ctx.credentials.baseUrl);
    const body = JSON.stringify({ ...request.body, model: ctx.upstreamModel });
    const open = (signal: AbortSignal) =>
      this.client.send({
        pool: this.id,
        origin,
        path: `${pathPrefix}/messages${countTokens ? '/count_tokens' : ''}${request.query ? `?${request.query}` : ''}`,
        headers: {
          'anthropic-version': ANTHROPIC_VERSION,
          ...request.headers,
          'content-type': 'application/json',
          accept: stream ? 'text/event-stream' : 'application/json',
          ...this.authHeaders(ctx.credentials),
        },
        body,
        signal,
        headersTimeoutMs: stream ? this.timeouts.responseHeaderTimeoutMs : this.timeouts.timeoutMs,
        bodyTimeoutMs: stream ? this.timeouts.streamIdleTimeoutMs : this.timeouts.timeoutMs,
      });
    const toError = toAnthropicRelayError;
    if (stream) return streamUpstreamSse({ ctx, open, toError, createDecoder: createAnthropicRelayDecoder });
    return callUpstreamText({ ctx, open, toError, decode: fromRelayedAnthropicBody });
  }

  private headers(credentials: ProviderCredentials): Record<string, string> {
    return { 'anthropic-version': ANTHROPIC_VERSION, ...this.authHeaders(credentials) };
  }

  private messagesRequest(request: HubRequest, ctx: ProviderCallContext, signal: AbortSignal): UpstreamRequest {
    const body = toAnthropicRequest(request, { model: ctx.upstreamModel, defaultMaxTokens: this.settings.defaultMaxTokens });
    const { origin, pathPrefix } = splitBaseUrl(ctx.credentials.baseUrl);
    return {
      pool: this.id,
      origin,
      path: `${pathPrefix}/messages`,
      headers: {
        'content-type': 'application/json',
        accept: request.stream ? 'text/event-stream' : 'application/json',
        ...this.headers(ctx.credentials),
      },
      body: JSON.stringify(body),
      signal,
      headersTimeoutMs: request.stream ? this.timeouts.responseHeaderTimeoutMs : this.timeouts.timeoutMs,
      bodyTimeoutMs: request.stream ? this.timeouts.streamIdleTimeoutMs : this.timeouts.timeoutMs,
    };
  }
}
