import { Inject, Injectable } from '@nestjs/common';
import type { Observable } from 'rxjs';
import { UpstreamClient, type UpstreamRequest } from '../../common/http/upstream-client.js';
import { readUpstreamErrorText, readUpstreamJson } from '../../common/http/upstream-body.js';
import type { Model } from '../../common/openai/chat-completion.types.js';
import { clientConfig, type ClientConfig } from '../../config/client.config.js';
import type { HubEmbeddingRequest, HubEmbeddingResponse } from '../../hub/hub-embedding.js';
import type { HubEvent } from '../../hub/hub-event.js';
import type { HubRequest } from '../../hub/hub-request.js';
import { LlmProvider, RegisterLlmProvider, type ModelsCallContext, type ProviderCallContext, type ProviderCredentials } from '../llm-provider.js';
import { modelListRequest, providerApiRequest } from '../provider-request.js';
import { callUpstreamJson, streamUpstreamSse } from '../upstream-call.js';
import { fromCohereEmbedResponse, toCohereEmbedRequest } from './cohere.embed.js';
import { toCohereGatewayError } from './cohere.error.js';
import { fromCohereModelPage, type UpstreamModel } from './cohere.models.js';
import { toCohereRequest } from './cohere.request.js';
import { fromCohereResponse } from './cohere.response.js';
import { createCohereStreamDecoder } from './cohere.stream.js';
import type { CohereResponse } from './cohere.types.js';

const MAX_MODEL_PAGES = 20;

/** Cohere's v2 Chat API (`POST {COHERE_API_URL}/v2/chat`) and v2 embed (`/v2/embed`), translated both ways. */
@Injectable()
@RegisterLlmProvider()
export class CohereProvider extends LlmProvider {
  readonly id = 'cohere';

  constructor(
    private readonly client: UpstreamClient,
    @Inject(clientConfig.KEY) private readonly timeouts: ClientConfig,
  ) {
    super();
  }

  authHeaders(credentials: ProviderCredentials): Record<string, string> {
    return credentials.apiKey ? { authorization: `Bearer ${credentials.apiKey}` } : {};
  }

  /** `GET /v1/models?endpoint=chat`, every page; deprecated models are left out. */
  async listModels(ctx: ModelsCallContext): Promise<Model[]> {
    const models: UpstreamModel[] = [];
    let pageToken: string | undefined;
    for (let page = 0; page < MAX_MODEL_PAGES; page++) {
      const query = new URLSearchParams({ endpoint: 'chat', page_size: '1000', ...(pageToken ? { page_token: pageToken } : {}) });
      const response = await this.client.send(
        modelListRequest(this.id, `/v1/models?${query.toString()}`, this.authHeaders(ctx.credentials), ctx, this.timeouts),
      );
      if (response.statusCode !== 200) throw toCohereGatewayError(response.statusCode, response.headers, await readUpstreamErrorText(response.body));
      const result = fromCohereModelPage(await readUpstreamJson(response.body, ctx.limits.maxResponseBodyBytes));
      models.push(...result.models);
      pageToken = result.nextPageToken;
      if (!pageToken) break;
    }
    return models.map((model) => ({ ...model, object: 'model' }));
  }

  chat(request: HubRequest, ctx: ProviderCallContext): Observable<HubEvent> {
    const open = (signal: AbortSignal) => this.client.send(this.chatRequest(request, ctx, signal));
    const toError = toCohereGatewayError;
    if (request.stream) return streamUpstreamSse({ ctx, open, toError, createDecoder: () => createCohereStreamDecoder(ctx.upstreamModel) });
    return callUpstreamJson({ ctx, open, toError, decode: (body) => fromCohereResponse(body as CohereResponse, ctx.upstreamModel) });
  }

  override embed(request: HubEmbeddingRequest, ctx: ProviderCallContext): Observable<HubEmbeddingResponse> {
    const body = toCohereEmbedRequest(request, ctx.upstreamModel);
    const open = (signal: AbortSignal) => this.client.send(this.upstreamRequest('/v2/embed', JSON.stringify(body), ctx, signal, false));
    const decode = (answer: unknown) => [fromCohereEmbedResponse(answer, ctx.upstreamModel, body.texts.length)];
    return callUpstreamJson({ ctx, open, toError: toCohereGatewayError, decode });
  }

  private chatRequest(request: HubRequest, ctx: ProviderCallContext, signal: AbortSignal): UpstreamRequest {
    return this.upstreamRequest('/v2/chat', JSON.stringify(toCohereRequest(request, { model: ctx.upstreamModel })), ctx, signal, request.stream);
  }

  private upstreamRequest(path: string, body: string, ctx: ProviderCallContext, signal: AbortSignal, stream: boolean): UpstreamRequest {
    return providerApiRequest(this.id, { path, body, stream, headers: this.authHeaders(ctx.credentials) }, ctx, signal, this.timeouts);
  }
}
