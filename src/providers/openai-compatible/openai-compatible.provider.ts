import type { Observable } from 'rxjs';
import type { ClientConfig } from '../../config/client.config.js';
import { toUpstreamError } from '../../common/errors/upstream-error.js';
import type { UpstreamClient } from '../../common/http/upstream-client.js';
import { splitBaseUrl } from '../../common/http/upstream-url.js';
import type { ChatCompletionRequest, Model } from '../../common/openai/chat-completion.types.js';
import type { HubEmbeddingRequest, HubEmbeddingResponse } from '../../hub/hub-embedding.js';
import type { HubEvent } from '../../hub/hub-event.js';
import type { HubRequest } from '../../hub/hub-request.js';
import {
  LlmProvider,
  RegisterLlmProvider,
  type ModelsCallContext,
  type ProviderCallContext,
  type ProviderCredentials,
  type RelayRequest,
} from '../llm-provider.js';
import { callUpstreamJson, callUpstreamText, streamUpstreamSse } from '../upstream-call.js';
import { createOpenAiStreamDecoder, fromOpenAiCompletion } from './openai-compatible.decode.js';
import { fromOpenAiEmbeddings, toOpenAiEmbeddingsBody, type OpenAiEmbeddingsSupport } from './openai-compatible.embeddings.js';
import { fromCloudflareModelSearch, type UpstreamModel } from './openai-compatible.models.js';
import { assertCompletion } from './openai-compatible.normalize.js';
import { type OpenAiCompatiblePreset } from './openai-compatible.presets.js';
import { createRelayStreamDecoder, fromRelayedCompletion } from './openai-compatible.relay.js';
import { toOpenAiChatRequest } from './openai-compatible.request.js';
import { createResponsesRelayDecoder, fromRelayedResponse } from './openai-compatible.responses-relay.js';
import { OPENAI_CHAT, OPENAI_RESPONSES } from '../../hub/hub-dialect.js';

export { OPENAI_CHAT };

const MAX_MODEL_PAGES = 20;

/** One strategy for every OpenAI-format upstream; the differences live in its preset. */
@RegisterLlmProvider()
export class OpenAiCompatibleProvider extends LlmProvider {
  readonly id: string;
  override readonly nativeDialects: readonly string[];
  /** Embeddings, for presets whose provider has them. */
  override readonly embed?: (request: HubEmbeddingRequest, ctx: ProviderCallContext) => Observable<HubEmbeddingResponse>;

  constructor(
    private readonly preset: OpenAiCompatiblePreset,
    private readonly client: UpstreamClient,
    private readonly timeouts: ClientConfig,
  ) {
    super();
    this.id = preset.id;
    this.nativeDialects = preset.nativeDialects ?? [OPENAI_CHAT];
    const embeddings = preset.embeddings;
    if (embeddings) this.embed = (request, ctx) => this.embedWith(embeddings, request, ctx);
  }

  authHeaders(credentials: ProviderCredentials): Record<string, string> {
    return credentials.apiKey ? { authorization: `Bearer ${credentials.apiKey}` } : {};
  }

  async listModels(ctx: ModelsCallContext): Promise<Model[]> {
    const { origin, pathPrefix } = splitBaseUrl(ctx.credentials.baseUrl);
    const request = {
      pool: this.id,
      origin,
      method: 'GET' as const,
      headers: { accept: 'application/json', ...this.authHeaders(ctx.credentials) },
      signal: ctx.signal,
      headersTimeoutMs: this.timeouts.modelsTimeoutMs,
      bodyTimeoutMs: this.timeouts.modelsTimeoutMs,
    };
    const models = this.preset.models;
    let upstream: UpstreamModel[] = [];
    if (models.kind === 'openai-list') {
      upstream = models.toModels(await this.client.sendForJson({ ...request, path: pathPrefix + models.path }));
    } else {
      for (let page = 1; page <= MAX_MODEL_PAGES; page++) {
        const result = fromCloudflareModelSearch(await this.client.sendForJson({ ...request, path: `${pathPrefix}${models.path}&page=${page}` }));
        upstream.push(...result.models);
        if (!result.hasMore) break;
      }
    }
    return upstream.map((model) => ({ ...model, object: 'model' }));
  }

  chat(request: HubRequest, ctx: ProviderCallContext): Observable<HubEvent> {
    const body = this.toUpstreamBody(toOpenAiChatRequest(request, ctx.upstreamModel), ctx.upstreamModel);
    return this.call(body, request.stream, ctx, {
      createDecoder: () => createOpenAiStreamDecoder(this.preset, ctx.upstreamModel),
      decode: (completion) => fromOpenAiCompletion(assertCompletion(completion), this.preset, ctx.upstreamModel),
    });
  }

  /**
   * A request relayed as the client sent it: OpenAI Chat Completions (model name and the preset's
   * quirks aside), or OpenAI Responses (model name aside; the answer's bytes passed on as they come).
   */
  override relay(request: RelayRequest, ctx: ProviderCallContext): Observable<HubEvent> {
    if (request.dialect === OPENAI_RESPONSES && this.preset.responsesPath) return this.relayResponses(request, this.preset.responsesPath, ctx);
    const client = request.body as ChatCompletionRequest;
    const body = this.toUpstreamBody(client, ctx.upstreamModel);
    const includeUsage = client.stream_options?.include_usage === true;
    return this.call(body, request.stream, ctx, {
      createDecoder: () => createRelayStreamDecoder(this.preset, includeUsage),
      decode: (completion) => fromRelayedCompletion(assertCompletion(completion), this.preset),
    });
  }

  /** Embeddings by the provider's OpenAI-format endpoint: the client's body relayed (model rewritten), the answer read back. */
  private embedWith(support: OpenAiEmbeddingsSupport, request: HubEmbeddingRequest, ctx: ProviderCallContext): Observable<HubEmbeddingResponse> {
    const body = JSON.stringify(toOpenAiEmbeddingsBody(request, ctx.upstreamModel, this.id, support));
    const inputs = request.input.kind === 'text' ? request.input.texts.length : request.input.tokens.length;
    const open = (signal: AbortSignal) => this.client.send(this.upstreamRequest(support.path, body, ctx, signal, false));
    return callUpstreamJson({ ctx, open, toError: toUpstreamError, decode: (answer) => [fromOpenAiEmbeddings(answer, inputs)] });
  }

  private relayResponses(request: RelayRequest, path: string, ctx: ProviderCallContext): Observable<HubEvent> {
    const body = JSON.stringify({ ...request.body, model: ctx.upstreamModel });
    const open = (signal: AbortSignal) => this.client.send(this.upstreamRequest(path, body, ctx, signal, request.stream));
    if (request.stream) return streamUpstreamSse({ ctx, open, toError: toUpstreamError, createDecoder: createResponsesRelayDecoder });
    return callUpstreamText({ ctx, open, toError: toUpstreamError, decode: fromRelayedResponse });
  }

  private call(
    body: Record<string, unknown>,
    stream: boolean,
    ctx: ProviderCallContext,
    decoders: Pick<Parameters<typeof streamUpstreamSse>[0], 'createDecoder'> & { decode: (body: unknown) => HubEvent[] },
  ): Observable<HubEvent> {
    const serialised = JSON.stringify(body);
    const open = (signal: AbortSignal) => this.client.send(this.upstreamRequest(this.preset.chatPath, serialised, ctx, signal, stream));
    if (stream) return streamUpstreamSse({ ctx, open, toError: toUpstreamError, createDecoder: decoders.createDecoder });
    return callUpstreamJson({ ctx, open, toError: toUpstreamError, decode: decoders.decode });
  }

  private upstreamRequest(path: string, body: string, ctx: ProviderCallContext, signal: AbortSignal, stream: boolean) {
    const { origin, pathPrefix } = splitBaseUrl(ctx.credentials.baseUrl);
    return {
      pool: this.id,
      origin,
      path: pathPrefix + path,
      headers: {
        'content-type': 'application/json',
        accept: stream ? 'text/event-stream' : 'application/json',
        ...this.authHeaders(ctx.credentials),
      },
      body,
      signal,
      headersTimeoutMs: stream ? this.timeouts.responseHeaderTimeoutMs : this.timeouts.timeoutMs,
      bodyTimeoutMs: stream ? this.timeouts.streamIdleTimeoutMs : this.timeouts.timeoutMs,
    };
  }

  /**
   * The body with the upstream model name and this provider's quirks; unknown fields kept. A stream
   * always asks for usage (for the gateway's accounting; a client that did not ask does not get it).
   */
  toUpstreamBody(request: Readonly<Record<string, unknown>>, upstreamModel: string): Record<string, unknown> {
    const body: Record<string, unknown> = { ...request, model: upstreamModel };
    const preset = this.preset;
    const streamOptions = request.stream_options as ChatCompletionRequest['stream_options'];
    if (request.stream === true && streamOptions?.include_usage !== true) {
      body.stream_options = { ...(streamOptions ?? {}), include_usage: true };
    }
    if (preset.legacyMaxTokens && body.max_completion_tokens !== undefined) {
      if (body.max_tokens === undefined || body.max_tokens === null) body.max_tokens = body.max_completion_tokens;
      delete body.max_completion_tokens;
    }
    for (const field of preset.dropFields ?? []) Reflect.deleteProperty(body, field);
    if (preset.rejectsStreamOptions) delete body.stream_options;
    preset.rewriteRequest?.(body);
    return body;
  }
}
