/**
 * An embeddings request in the gateway's terms: what the embeddings route decodes and every
 * provider that has embeddings encodes from.
 */
export interface HubEmbeddingRequest {
  /** Texts, or token ids (only for providers that take them). */
  input: { kind: 'text'; texts: string[] } | { kind: 'tokens'; tokens: number[][] };
  /** How the client wants each vector: numbers, or base64 of little-endian float32 (OpenAI's format). */
  encoding: 'float' | 'base64';
  /** The number of dimensions the vectors should have, for models that can shorten them. */
  dimensions?: number;
  /** What the texts are for (Cohere's `input_type`: `search_document`, `search_query`, ...). */
  inputType?: string;
  /** The end user, for the provider's abuse monitoring. */
  user?: string;
  /** The client's own body, for providers that take it as it is (the model aside). */
  body: Readonly<Record<string, unknown>>;
}

/** One vector: numbers, or OpenAI's base64 of little-endian float32 when the provider sent that. */
export type HubEmbeddingVector = number[] | { base64: string };

export interface HubEmbeddingResponse {
  /** The model that answered, as the provider names it. */
  model?: string;
  /** One vector per input, in input order. */
  vectors: HubEmbeddingVector[];
  /** Input tokens the provider counted (embeddings have no output tokens). */
  inputTokens: number;
}

/** A vector as numbers (decoding base64 float32). */
export function vectorToFloats(vector: HubEmbeddingVector): number[] {
  if (Array.isArray(vector)) return vector;
  const bytes = Buffer.from(vector.base64, 'base64');
  const floats: number[] = [];
  for (let offset = 0; offset + 4 <= bytes.length; offset += 4) floats.push(bytes.readFloatLE(offset));
  return floats;
}

/** A vector as OpenAI's base64: the float32 little-endian bytes of each number, in order. */
export function vectorToBase64(vector: HubEmbeddingVector): string {
  if (!Array.isArray(vector)) return vector.base64;
  const bytes = Buffer.allocUnsafe(vector.length * 4);
  vector.forEach((value, index) => bytes.writeFloatLE(value, index * 4));
  return bytes.toString('base64');
}
