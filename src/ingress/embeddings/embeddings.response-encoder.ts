import { vectorToBase64, vectorToFloats, type HubEmbeddingResponse } from '../../hub/hub-embedding.js';

export interface EmbeddingList {
  object: 'list';
  data: Array<{ object: 'embedding'; index: number; embedding: number[] | string }>;
  model: string;
  usage: { prompt_tokens: number; total_tokens: number };
}

/**
 * An embeddings answer in OpenAI's shape, each vector in the encoding the client asked for: numbers,
 * or base64 of little-endian float32 (made by the gateway when the provider sent numbers).
 */
export function toEmbeddingList(response: HubEmbeddingResponse, options: { encoding: 'float' | 'base64'; model: string }): EmbeddingList {
  const encode = options.encoding === 'base64' ? vectorToBase64 : vectorToFloats;
  return {
    object: 'list',
    data: response.vectors.map((vector, index) => ({ object: 'embedding', index, embedding: encode(vector) })),
    model: response.model ?? options.model,
    usage: { prompt_tokens: response.inputTokens, total_tokens: response.inputTokens },
  };
}
