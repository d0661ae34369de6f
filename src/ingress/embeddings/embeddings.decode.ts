import type { HubEmbeddingRequest } from '../../hub/hub-embedding.js';
import type { EmbeddingsRequestBody } from './embeddings.schema.js';

/** A checked embeddings request in the hub's terms: texts or token ids, the encoding the client wants, and the options. */
export function decodeEmbeddingsRequest(body: EmbeddingsRequestBody): HubEmbeddingRequest {
  const input = body.input;
  let decoded: HubEmbeddingRequest['input'];
  if (typeof input === 'string') decoded = { kind: 'text', texts: [input] };
  else if (input.every((entry) => typeof entry === 'string')) decoded = { kind: 'text', texts: input };
  else if (input.every((entry) => typeof entry === 'number')) decoded = { kind: 'tokens', tokens: [input] };
  else decoded = { kind: 'tokens', tokens: input };
  return {
    input: decoded,
    encoding: body.encoding_format ?? 'float',
    ...(body.dimensions !== undefined ? { dimensions: body.dimensions } : {}),
    ...(body.input_type !== undefined ? { inputType: body.input_type } : {}),
    ...(typeof body.user === 'string' && body.user ? { user: body.user } : {}),
    body,
  };
}
