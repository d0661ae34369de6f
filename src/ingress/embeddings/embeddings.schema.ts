/**
 * The embeddings request as the gateway checks it and documents it (OpenAPI 3.0), OpenAI's shape
 * plus `input_type` (what the texts are for, for providers that ask: Cohere). Other fields are
 * allowed and passed on to OpenAI-format providers.
 */
const TEXT = { type: 'string', minLength: 1 };
const TOKENS = { type: 'array', minItems: 1, items: { type: 'integer', minimum: 0 } };

export const EMBEDDINGS_REQUEST_SCHEMA = {
  type: 'object',
  required: ['model', 'input'],
  properties: {
    model: {
      type: 'string',
      minLength: 1,
      maxLength: 512,
      example: 'openai/text-embedding-3-small',
      description: '`<provider>/<model>`, or the bare model with `?provider=`',
    },
    input: {
      description:
        'input must be a non-empty string, an array of non-empty strings, an array of token ids, or an array of token-id arrays (up to 2048 entries)',
      anyOf: [TEXT, { type: 'array', minItems: 1, maxItems: 2048, items: TEXT }, TOKENS, { type: 'array', minItems: 1, maxItems: 2048, items: TOKENS }],
      example: ['The food was delicious.', 'The waiter was friendly.'],
    },
    encoding_format: {
      type: 'string',
      enum: ['float', 'base64'],
      description: '`float` (the default) or `base64` (little-endian float32, as OpenAI encodes it)',
    },
    dimensions: { type: 'integer', minimum: 1, description: 'the number of dimensions, for models that can shorten their vectors' },
    user: { type: 'string' },
    input_type: {
      type: 'string',
      minLength: 1,
      example: 'search_query',
      description: 'what the texts are for, for providers that ask (Cohere: `search_document` by default, `search_query`, `classification`, `clustering`)',
    },
  },
  additionalProperties: true,
};

/** The request fields the gateway reads. */
export interface EmbeddingsRequestBody {
  model: string;
  input: string | string[] | number[] | number[][];
  encoding_format?: 'float' | 'base64';
  dimensions?: number;
  user?: string;
  input_type?: string;
  [field: string]: unknown;
}
