import { Inject, Injectable } from '@nestjs/common';
import type { Observable } from 'rxjs';
import { UpstreamClient, type UpstreamRequest } from '../../common/http/upstream-client.js';
import { splitBaseUrl } from '../../common/http/upstream-url.js';
import type { ChatCompletion, ChatCompletionRequest, Model, StreamChunk } from '../../common/openai/chat-completion.types.js';
import { clientConfig, type ClientConfig } from '../../config/client.config.js';
import { LlmProvider, RegisterLlmProvider, type ModelsCallContext, type ProviderCallContext, type ProviderCredentials } from '../llm-provider.js';
import { streamTranslatedSse } from '../translated-sse-stream.js';
import { anthropicConfig, type AnthropicConfig } from './anthropic.config.js';
import { toAnthropicGatewayError } from './anthropic.error.js';
import { fromAnthropicModelPage, type UpstreamModel } from './anthropic.models.js';
import { toAnthropicRequest } from './anthropic.request.js';
import { fromAnthropicResponse } from './anthropic.response.js';
import { createAnthropicStreamTranslator } from './anthropic.stream.js';
import type { AnthropicResponse } from './anthropic.types.js';

export const ANTHROPIC_VERSION = '2023-06-01';
const MAX_MODEL_PAGES = 20;

const nowInSeconds = () => Math.floor(Date.now() / 1000);

/** Anthropic's Messages API (`POST {ANTHROPIC_API_URL}/messages`), translated both ways. */
@Injectable()
@RegisterLlmProvider()
export class AnthropicProvider extends LlmProvider {
  readonly id = 'anthropic';

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
        path: `${pathPrefix}/models?${query}`,
        method: 'GET',
        headers: { accept: 'application/json', ...this.headers(ctx.credentials) },
        signal: ctx.signal,
        headersTimeoutMs: this.timeouts.modelsTimeoutMs,
        bodyTimeoutMs: this.timeouts.modelsTimeoutMs,
      });
      if (response.statusCode !== 200) throw toAnthropicGatewayError(response.statusCode, response.headers, await response.body.text());
      const result = fromAnthropicModelPage(await response.body.json());
      models.push(...result.models);
      afterId = result.nextAfterId;
      if (!afterId) break;
    }
    return models.map((model) => ({ ...model, object: 'model' }));
  }

  async createChatCompletion(request: ChatCompletionRequest, ctx: ProviderCallContext): Promise<ChatCompletion> {
    const response = await this.client.send(this.messagesRequest(request, ctx, ctx.signal, false));
    if (response.statusCode < 200 || response.statusCode >= 300) {
      throw toAnthropicGatewayError(response.statusCode, response.headers, await response.body.text());
    }
    return fromAnthropicResponse((await response.body.json()) as AnthropicResponse, { created: nowInSeconds() });
  }

  streamChatCompletion(request: ChatCompletionRequest, ctx: ProviderCallContext): Observable<StreamChunk> {
    return streamTranslatedSse({
      ctx,
      open: async (signal) => this.client.send(this.messagesRequest(request, ctx, signal, true)),
      toError: (status, headers, bodyText) => toAnthropicGatewayError(status, headers, bodyText),
      createTranslator: () => createAnthropicStreamTranslator({ includeUsage: ctx.includeUsage, created: nowInSeconds(), model: ctx.upstreamModel, onUsage: ctx.onUsage }),
    });
  }

  private headers(credentials: ProviderCredentials): Record<string, string> {
    return { 'anthropic-version': ANTHROPIC_VERSION, ...this.authHeaders(credentials) };
  }

  private messagesRequest(request: ChatCompletionRequest, ctx: ProviderCallContext, signal: AbortSignal, stream: boolean): UpstreamRequest {
    const body = toAnthropicRequest(request, { model: ctx.upstreamModel, defaultMaxTokens: this.settings.defaultMaxTokens, stream });
    const { origin, pathPrefix } = splitBaseUrl(ctx.credentials.baseUrl);
    return {
      pool: this.id,
      origin,
      path: `${pathPrefix}/messages`,
      headers: {
        'content-type': 'application/json',
        accept: stream ? 'text/event-stream' : 'application/json',
        ...this.headers(ctx.credentials),
      },
      body: JSON.stringify(body),
      signal,
      headersTimeoutMs: stream ? this.timeouts.responseHeaderTimeoutMs : this.timeouts.timeoutMs,
      bodyTimeoutMs: stream ? this.timeouts.streamIdleTimeoutMs : this.timeouts.timeoutMs,
    };
  }
}
