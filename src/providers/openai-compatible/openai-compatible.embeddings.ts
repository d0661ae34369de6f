import { InvalidRequestError, UpstreamError } from '../../common/errors/gateway-error.js';
import type { HubEmbeddingRequest, HubEmbeddingResponse, HubEmbeddingVector } from '../../hub/hub-embedding.js';

/** Where an OpenAI-format provider serves embeddings, and what it takes. */
export interface OpenAiEmbeddingsSupport {
  /** Appended to the base URL. */
  path: string;
  /** Takes token ids (arrays of integers) as input, not only texts. */
  tokenInput: boolean;
  /** Answers `encoding_format: "base64"` itself; otherwise the gateway asks for floats and encodes. */
  base64: boolean;
  /** The request field for the number of dimensions; absent when the provider has none. */
  dimensionsField?: 'dimensions' | 'output_dimension';
  /** Request fields the provider rejects; removed before sending. */
  dropFields?: readonly string[];
}

/** Fields of the gateway's own (`input_type`), which OpenAI-format providers do not know. */
const GATEWAY_FIELDS = ['input_type'];

/**
 * The client's embeddings body for an OpenAI-format provider: relayed as it is, with the upstream
 * model, the gateway's own fields removed, floats asked for when the provider cannot answer base64,
 * and the dimensions under the provider's name for them. What the provider cannot take is refused
 * with a 400 naming the field.
 */
export function toOpenAiEmbeddingsBody(
  request: HubEmbeddingRequest,
  model: string,
  providerId: string,
  support: OpenAiEmbeddingsSupport,
): Record<string, unknown> {
  if (request.input.kind === 'tokens' && !support.tokenInput) {
    throw new InvalidRequestError(`Provider "${providerId}" takes texts only; token arrays cannot be embedded there.`, {
      param: 'input',
      code: 'unsupported_input',
    });
  }
  const body: Record<string, unknown> = { ...request.body, model };
  for (const field of [...GATEWAY_FIELDS, ...(support.dropFields ?? [])]) Reflect.deleteProperty(body, field);
  if (request.dimensions !== undefined) {
    if (!support.dimensionsField) {
      throw new InvalidRequestError(`Provider "${providerId}" cannot shorten embeddings; leave out dimensions.`, {
        param: 'dimensions',
        code: 'unsupported_parameter',
      });
    }
    delete body.dimensions;
    body[support.dimensionsField] = request.dimensions;
  }
  if (!support.base64) delete body.encoding_format;
  return body;
}

interface OpenAiEmbeddingList {
  model?: unknown;
  data?: Array<{ index?: unknown; embedding?: unknown }>;
  usage?: { prompt_tokens?: unknown; total_tokens?: unknown };
}

/** An OpenAI-shaped embeddings answer: vectors in input order (numbers, or base64 as sent), and the input tokens. */
export function fromOpenAiEmbeddings(body: unknown, inputs: number): HubEmbeddingResponse {
  const list = body as OpenAiEmbeddingList | null;
  if (!list || typeof list !== 'object' || !Array.isArray(list.data)) throw malformed('it has no data list');
  const vectors: HubEmbeddingVector[] = new Array<HubEmbeddingVector>(list.data.length);
  list.data.forEach((entry, position) => {
    const index = typeof entry?.index === 'number' ? entry.index : position;
    const embedding = entry?.embedding;
    if (index < 0 || index >= vectors.length || vectors[index] !== undefined) throw malformed(`data[${position}].index is out of place`);
    if (typeof embedding === 'string') vectors[index] = { base64: embedding };
    else if (Array.isArray(embedding) && embedding.every((value) => typeof value === 'number')) vectors[index] = embedding;
    else throw malformed(`data[${position}].embedding is neither numbers nor base64`);
  });
  if (vectors.length !== inputs) throw malformed(`it holds ${vectors.length} vectors for ${inputs} inputs`);
  const usage = list.usage;
  const tokens = typeof usage?.prompt_tokens === 'number' ? usage.prompt_tokens : typeof usage?.total_tokens === 'number' ? usage.total_tokens : 0;
  return { ...(typeof list.model === 'string' ? { model: list.model } : {}), vectors, inputTokens: tokens };
}

function malformed(why: string): UpstreamError {
  return new UpstreamError(502, `The provider answered with embeddings the gateway cannot read: ${why}.`, { type: 'api_error' });
}
