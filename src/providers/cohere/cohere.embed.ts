import { InvalidRequestError, UpstreamError } from '../../common/errors/gateway-error.js';
import type { HubEmbeddingRequest, HubEmbeddingResponse } from '../../hub/hub-embedding.js';

/** Cohere's `input_type` when the client names none: the texts are documents to search. */
export const DEFAULT_INPUT_TYPE = 'search_document';

/** A Cohere v2 embed request (`POST /v2/embed`), wire names. */
export interface CohereEmbedRequest {
  model: string;
  input_type: string;
  texts: string[];
  embedding_types: ['float'];
  output_dimension?: number;
}

/**
 * An embeddings request for Cohere's v2 embed endpoint: texts only (token ids are refused), the
 * client's `input_type` or `search_document`, `dimensions` as `output_dimension`. Floats are always
 * asked for; the gateway encodes base64 itself (the byte layout of Cohere's own base64 is not
 * documented as OpenAI's).
 */
export function toCohereEmbedRequest(request: HubEmbeddingRequest, model: string): CohereEmbedRequest {
  if (request.input.kind === 'tokens') {
    throw new InvalidRequestError('Cohere takes texts only; token arrays cannot be embedded there.', { param: 'input', code: 'unsupported_input' });
  }
  return {
    model,
    input_type: request.inputType ?? DEFAULT_INPUT_TYPE,
    texts: request.input.texts,
    embedding_types: ['float'],
    ...(request.dimensions !== undefined ? { output_dimension: request.dimensions } : {}),
  };
}

interface CohereEmbedResponse {
  embeddings?: { float?: unknown };
  meta?: { billed_units?: { input_tokens?: unknown } };
}

/** Cohere's embeddings by type: the float vectors, in input order, and the billed input tokens. */
export function fromCohereEmbedResponse(body: unknown, model: string, inputs: number): HubEmbeddingResponse {
  const vectors = (body as CohereEmbedResponse | null)?.embeddings?.float;
  const valid = Array.isArray(vectors) && vectors.every((vector) => Array.isArray(vector) && vector.every((value) => typeof value === 'number'));
  if (!valid || vectors.length !== inputs) {
    throw new UpstreamError(502, 'The provider answered with embeddings the gateway cannot read.', { type: 'api_error' });
  }
  const tokens = (body as CohereEmbedResponse).meta?.billed_units?.input_tokens;
  return { model, vectors, inputTokens: typeof tokens === 'number' ? tokens : 0 };
}
