import { InvalidRequestError, UpstreamError } from '../../common/errors/gateway-error.js';
import type { HubEmbeddingRequest } from '../../hub/hub-embedding.js';
import { fromOpenAiEmbeddings, toOpenAiEmbeddingsBody, type OpenAiEmbeddingsSupport } from './openai-compatible.embeddings.js';

const OPENAI: OpenAiEmbeddingsSupport = { path: '/embeddings', tokenInput: true, base64: true, dimensionsField: 'dimensions' };
const MISTRAL: OpenAiEmbeddingsSupport = { path: '/embeddings', tokenInput: false, base64: true, dimensionsField: 'output_dimension', dropFields: ['user'] };
const GEMINI: OpenAiEmbeddingsSupport = { path: '/embeddings', tokenInput: false, base64: false };

const request = (body: Record<string, unknown>, extra: Partial<HubEmbeddingRequest> = {}): HubEmbeddingRequest => ({
  input: { kind: 'text', texts: ['Hi'] },
  encoding: 'float',
  body: { model: 'p/m', input: 'Hi', ...body },
  ...extra,
});

describe('OpenAI-format embeddings', () => {
  it("relays the client's body with the upstream model, without the gateway's own fields", () => {
    expect(toOpenAiEmbeddingsBody(request({ encoding_format: 'base64', user: 'u', input_type: 'search_query', extra: 1 }), 'm', 'openai', OPENAI)).toEqual({
      model: 'm',
      input: 'Hi',
      encoding_format: 'base64',
      user: 'u',
      extra: 1,
    });
  });

  it('renames dimensions, drops what the provider refuses, and asks floats of a provider that cannot answer base64', () => {
    expect(toOpenAiEmbeddingsBody(request({ dimensions: 8, user: 'u' }, { dimensions: 8 }), 'm', 'mistral', MISTRAL)).toEqual({
      model: 'm',
      input: 'Hi',
      output_dimension: 8,
    });
    expect(toOpenAiEmbeddingsBody(request({ encoding_format: 'base64' }), 'm', 'google', GEMINI)).toEqual({ model: 'm', input: 'Hi' });
  });

  it('refuses token input and dimensions where the provider has none, naming the field', () => {
    const tokens = request({ input: [1, 2] }, { input: { kind: 'tokens', tokens: [[1, 2]] } });
    expect(() => toOpenAiEmbeddingsBody(tokens, 'm', 'mistral', MISTRAL)).toThrow(expect.objectContaining({ param: 'input' }) as Error);
    expect(() => toOpenAiEmbeddingsBody(request({ dimensions: 8 }, { dimensions: 8 }), 'm', 'google', GEMINI)).toThrow(InvalidRequestError);
  });

  it('reads vectors back in input order, numbers or base64, with the input tokens', () => {
    const body = {
      model: 'm-1',
      data: [
        { index: 1, embedding: 'AACAPw==' },
        { index: 0, embedding: [0.5] },
      ],
      usage: { prompt_tokens: 4, total_tokens: 4 },
    };
    expect(fromOpenAiEmbeddings(body, 2)).toEqual({ model: 'm-1', vectors: [[0.5], { base64: 'AACAPw==' }], inputTokens: 4 });
    expect(() => fromOpenAiEmbeddings({ data: [{ index: 0, embedding: [1] }] }, 2)).toThrow(UpstreamError);
    expect(() => fromOpenAiEmbeddings({ data: [{ index: 0, embedding: {} }] }, 1)).toThrow(UpstreamError);
  });
});
