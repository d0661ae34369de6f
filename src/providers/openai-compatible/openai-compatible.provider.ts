import type { Observable } from 'rxjs';
import type { ClientConfig } from '../../config/client.config.js';
import { toUpstreamError } from '../../common/errors/upstream-error.js';
import type { UpstreamClient } from '../../common/http/upstream-client.js';
import { splitBaseUrl } from '../../common/http/upstream-url.js';
import type {
  ChatCompletion,
  ChatCompletionRequest,
  Model,
  StreamChunk,
} from '../../common/openai/chat-completion.types.js';
import {
  LlmProvider,
  RegisterLlmProvider,
  type ModelsCallContext,
  type ProviderCallContext,
  type ProviderCredentials,
} from '../llm-provider.js';
import { streamTranslatedSse } from '../translated-sse-stream.js';
import { fromCloudflareModelSearch, type UpstreamModel } from './openai-compatible.models.js';
import { createChunkTranslator, normalizeCompletion } from './openai-compatible.normalize.js';
import type { OpenAiCompatiblePreset } from './openai-compatible.presets.js';

const MAX_MODEL_PAGES = 20;

/** One strategy for every OpenAI-format upstream; the differences live in its preset. */
@RegisterLlmProvider()
export class OpenAiCompatibleProvider extends LlmProvider {
  readonly id: string;

  constructor(
    private readonly preset: OpenAiCompatiblePreset,
    private readonly client: UpstreamClient,
    private readonly timeouts: ClientConfig,
  ) {
    super();
    this.id = preset.id;
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
        const result = fromCloudflareModelSearch(
          await this.client.sendForJson({ ...request, path: `${pathPrefix}${models.path}&page=${page}` }),
        );
        upstream.push(...result.models);
        if (!result.hasMore) break;
      }
    }
    return upstream.map((model) => ({ ...model, object: 'model' }));
  }

  async createChatCompletion(request: ChatCompletionRequest, ctx: ProviderCallContext): Promise<ChatCompletion> {
    const response = await this.client.send(this.chatRequest(request, ctx, ctx.signal, false));
    if (response.statusCode < 200 || response.statusCode >= 300) {
      throw toUpstreamError(response.statusCode, response.headers, await response.body.text());
    }
    const completion = (await response.body.json()) as ChatCompletion;
    return normalizeCompletion(completion, this.preset);
  }

  streamChatCompletion(request: ChatCompletionRequest, ctx: ProviderCallContext): Observable<StreamChunk> {
    return streamTranslatedSse({
      ctx,
      open: (signal) => this.client.send(this.chatRequest(request, ctx, signal, true)),
      toError: toUpstreamError,
      createTranslator: () => createChunkTranslator(this.preset, ctx.includeUsage, ctx.onUsage),
    });
  }

  private chatRequest(request: ChatCompletionRequest, ctx: ProviderCallContext, signal: AbortSignal, stream: boolean) {
    const { origin, pathPrefix } = splitBaseUrl(ctx.credentials.baseUrl);
    return {
      pool: this.id,
      origin,
      path: pathPrefix + this.preset.chatPath,
      headers: {
        'content-type': 'application/json',
        accept: stream ? 'text/event-stream' : 'application/json',
        ...this.authHeaders(ctx.credentials),
      },
      body: JSON.stringify(this.toUpstreamBody(request, ctx.upstreamModel, stream && ctx.onUsage !== undefined)),
      signal,
      headersTimeoutMs: stream ? this.timeouts.responseHeaderTimeoutMs : this.timeouts.timeoutMs,
      bodyTimeoutMs: stream ? this.timeouts.streamIdleTimeoutMs : this.timeouts.timeoutMs,
    };
  }

  /** The client's body with the upstream model name and this provider's quirks; unknown fields kept. */
  toUpstreamBody(request: ChatCompletionRequest, upstreamModel: string, wantUsage = false): Record<string, unknown> {
    const body: Record<string, unknown> = { ...request, model: upstreamModel };
    const preset = this.preset;
    if (wantUsage && request.stream_options?.include_usage !== true) {
      // Usage for the gateway's own accounting; the translator keeps it from a client that did not ask.
      body.stream_options = { ...(request.stream_options ?? {}), include_usage: true };
    }
    if (preset.legacyMaxTokens && body.max_completion_tokens !== undefined) {
      if (body.max_tokens === undefined || body.max_tokens === null) body.max_tokens = body.max_completion_tokens;
      delete body.max_completion_tokens;
    }
    if (preset.dropFields) for (const field of preset.dropFields) delete body[field];
    if (preset.rejectsStreamOptions) delete body.stream_options;
    preset.rewriteRequest?.(body);
    return body;
  }
}
