import type { HubEmbeddingRequest } from '../hub/hub-embedding.js';
import type { HubRequest } from '../hub/hub-request.js';
import type { ImagesRequest } from '../providers/llm-provider.js';

/** What the core needs of a client's request, whatever dialect it came in. */
export interface InferenceRequest {
  /** The client's dialect (`openai-chat`, ...). */
  dialect: string;
  /** What is asked for: a model's answer (the default), embeddings, or images. */
  operation?: 'chat' | 'embeddings' | 'images';
  /** The model as the client named it: `provider/model`, or a bare name with `explicitProvider`. */
  model: string;
  explicitProvider?: string;
  stream: boolean;
  /** The client's body as it sent it, relayed to a provider that speaks the same dialect. */
  body: Readonly<Record<string, unknown>>;
  /** The client's headers a provider of the same dialect reads (an allow-list chosen by the ingress; never credentials). */
  headers?: Readonly<Record<string, string>>;
  /** The client's query string for a provider of the same dialect, without the gateway's own parameters. */
  query?: string;
  /**
   * Translate even for a provider of the same dialect: the request refers to something only the
   * gateway holds (a conversation it stored), which that provider would not know.
   */
  translateOnly?: boolean;
  /** The client asked to be served without the gateway's own (MCP) tools (`X-MCP-Bypass: true`). */
  skipServerTools?: boolean;
  /** The request in the hub's terms, decoded on first use (relayed requests never are). */
  hub(): HubRequest;
  /** Sampling settings for telemetry. */
  sampling(): { maxTokens?: number; temperature?: number; topP?: number };
}

/** An embeddings request: no chat request (`hub()` refuses), the embedding request instead. */
export interface EmbeddingsInferenceRequest extends InferenceRequest {
  operation: 'embeddings';
  embeddings(): HubEmbeddingRequest;
}

/** An Images API request: no chat request (`hub()` refuses), the request to relay instead. */
export interface ImagesInferenceRequest extends InferenceRequest {
  operation: 'images';
  images: ImagesRequest;
}
