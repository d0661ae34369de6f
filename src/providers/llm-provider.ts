import { DiscoveryService } from '@nestjs/core';
import type { Observable } from 'rxjs';
import type { FlowControl } from '../common/http/flow-control.js';
import type { Model } from '../common/openai/chat-completion.types.js';
import type { HubEmbeddingRequest, HubEmbeddingResponse } from '../hub/hub-embedding.js';
import type { HubEvent } from '../hub/hub-event.js';
import type { HubRequest } from '../hub/hub-request.js';

export interface ProviderCredentials {
  baseUrl: string;
  apiKey?: string;
}

/** How much of a provider's answer the gateway reads (CLIENT_MAX_RESPONSE_BODY_SIZE, CLIENT_MAX_STREAM_EVENT_SIZE). */
export interface ReadLimits {
  maxResponseBodyBytes: number;
  maxStreamEventBytes: number;
}

/** Everything a strategy needs for one call, decided by routing. */
export interface ProviderCallContext {
  /** The model name the upstream knows (the client's `provider/` prefix removed). */
  upstreamModel: string;
  credentials: ProviderCredentials;
  signal: AbortSignal;
  requestId: string;
  limits: ReadLimits;
  flow?: FlowControl;
}

export interface ModelsCallContext {
  credentials: ProviderCredentials;
  signal: AbortSignal;
  limits: ReadLimits;
}

/** The relay operation that counts a request's input tokens (Anthropic's `/v1/messages/count_tokens`). */
export const COUNT_TOKENS_OPERATION = 'count-tokens';

/** A request in the client's own dialect, for a provider that speaks that dialect natively. */
export interface RelayRequest {
  dialect: string;
  /** What is asked of the dialect's API when it has more than one operation (`count-tokens`); its main one when unset. */
  operation?: string;
  /** The client's body as it sent it; the strategy sends a copy with the upstream model name. */
  body: Readonly<Record<string, unknown>>;
  stream: boolean;
  /**
   * The client's headers that the dialect's API reads (an allow-list chosen by the ingress, e.g.
   * `anthropic-version`, `anthropic-beta`; never credentials), to send along as they are.
   */
  headers?: Readonly<Record<string, string>>;
  /** The client's query string for the upstream (`beta=true`), without the gateway's own parameters; empty or unset when none. */
  query?: string;
}

/**
 * The contract every upstream strategy implements. An abstract class so that it is also a DI token.
 *
 * `chat` answers a hub request: a cold Observable of hub events (nothing is sent upstream until it
 * is subscribed, and unsubscribing aborts the upstream request), the same events whether the
 * answer is streamed or not. Usage is always asked of the upstream and always emitted.
 *
 * A strategy that speaks a client dialect natively lists it in `nativeDialects` and implements
 * `relay`: the client's body goes upstream as it is (model name aside) and the answer comes back as
 * `frame` events in the same dialect, with `response-start`, `usage` and `finish` for accounting.
 *
 * A strategy whose provider has embeddings implements `embed`: a cold Observable of one answer.
 */
export abstract class LlmProvider {
  abstract readonly id: string;
  readonly nativeDialects: readonly string[] = [];
  abstract listModels(ctx: ModelsCallContext): Promise<Model[]>;
  abstract chat(request: HubRequest, ctx: ProviderCallContext): Observable<HubEvent>;
  relay?(request: RelayRequest, ctx: ProviderCallContext): Observable<HubEvent>;
  embed?(request: HubEmbeddingRequest, ctx: ProviderCallContext): Observable<HubEmbeddingResponse>;
  /** Headers that authenticate a raw call to this provider's API (for `/proxy`). */
  abstract authHeaders(credentials: ProviderCredentials): Record<string, string>;
}

/** Marks a class as an LLM provider strategy; the ProviderFactory finds every instance at boot. */
export const RegisterLlmProvider = DiscoveryService.createDecorator<undefined>();
