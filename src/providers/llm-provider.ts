import { DiscoveryService } from '@nestjs/core';
import type { Observable } from 'rxjs';
import type {
  ChatCompletion,
  ChatCompletionChunk,
  ChatCompletionRequest,
  CompletionUsage,
  Model,
  StreamChunk,
} from '../common/openai/chat-completion.types.js';

/** Signals when the client can take more data; a stream awaits it before reading further upstream. */
export interface FlowControl {
  ready(): Promise<void> | undefined;
}

export interface ProviderCredentials {
  baseUrl: string;
  apiKey?: string;
}

/** Everything a strategy needs for one call, decided by routing. */
export interface ProviderCallContext {
  /** The model name the upstream knows (the client's `provider/` prefix removed). */
  upstreamModel: string;
  credentials: ProviderCredentials;
  signal: AbortSignal;
  requestId: string;
  /** Whether the client asked for a final usage chunk (`stream_options.include_usage`). */
  includeUsage: boolean;
  /**
   * Set when the gateway wants a stream's token usage whether or not the client asked for it
   * (telemetry): a stream asks the upstream for usage, calls this once with the final usage, and
   * still sends the client a usage chunk only when `includeUsage` is true.
   */
  onUsage?: (usage: CompletionUsage) => void;
  flow?: FlowControl;
}

export interface ModelsCallContext {
  credentials: ProviderCredentials;
  signal: AbortSignal;
}

/**
 * The contract every upstream strategy implements: OpenAI wire objects in, OpenAI wire objects out.
 * An abstract class so that it is also a DI token.
 */
export abstract class LlmProvider {
  abstract readonly id: string;

  abstract listModels(ctx: ModelsCallContext): Promise<Model[]>;

  abstract createChatCompletion(request: ChatCompletionRequest, ctx: ProviderCallContext): Promise<ChatCompletion>;

  /**
   * A cold stream of chunks: nothing is sent upstream until it is subscribed, and unsubscribing
   * aborts the upstream request. Providers never write `data:` lines; a chunk the upstream already
   * serialised exactly as the client needs it may be passed on as a `SerializedChunk`.
   */
  abstract streamChatCompletion(request: ChatCompletionRequest, ctx: ProviderCallContext): Observable<StreamChunk>;

  /** Headers that authenticate a raw call to this provider's API (for `/proxy`). */
  abstract authHeaders(credentials: ProviderCredentials): Record<string, string>;
}

/** Marks a class as an LLM provider strategy; the ProviderFactory finds every instance at boot. */
export const RegisterLlmProvider = DiscoveryService.createDecorator<void>();
