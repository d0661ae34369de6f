import type { ServerResponse } from 'node:http';
import { sendJson } from './mock-server.js';
import type { Flavour } from './openai-flavours.js';

/**
 * The embeddings endpoints of the OpenAI-format mocks, each enforcing its provider's rules (wire
 * formats part 2, section 3): which inputs it takes (token arrays only at OpenAI), whether it
 * answers base64 (OpenAI, Mistral, Ollama) or must be asked for floats (Gemini, Cloudflare: not
 * verified, so the gateway must not send `encoding_format` there), the name of its dimensions
 * field, and the unknown fields it refuses.
 */

type Json = Record<string, unknown>;

export const EMBEDDING_FLAVOURS = ['openai', 'mistral', 'ollama', 'google', 'cloudflare'] as const;
export type EmbeddingFlavour = (typeof EMBEDDING_FLAVOURS)[number];

export const EMBEDDING_PATHS: Partial<Record<Flavour, string>> = {
  openai: '/embeddings',
  mistral: '/embeddings',
  ollama: '/embeddings',
  google: '/embeddings',
  cloudflare: '/v1/embeddings',
};

export const EMBEDDING_MODELS: Record<EmbeddingFlavour, string> = {
  openai: 'text-embedding-3-small',
  mistral: 'mistral-embed',
  ollama: 'nomic-embed-text:latest',
  google: 'gemini-embedding-001',
  cloudflare: '@cf/baai/bge-large-en-v1.5',
};

const FIELDS: Record<EmbeddingFlavour, string[]> = {
  openai: ['model', 'input', 'encoding_format', 'dimensions', 'user'],
  mistral: ['model', 'input', 'encoding_format', 'output_dimension', 'output_dtype', 'metadata'],
  ollama: ['model', 'input', 'encoding_format', 'dimensions', 'user'],
  google: ['model', 'input', 'encoding_format', 'dimensions', 'user'],
  cloudflare: ['model', 'input', 'dimensions', 'user'],
};

/** The mock's vector for a text (or a token array): values exact in float32, so base64 round trips compare equal. */
export function embeddingFor(input: string | number[], dimensions = 4): number[] {
  const size = typeof input === 'string' ? input.length : input.length * 3;
  const base = [(size % 8) / 8, -0.25, 0.5, 0.125];
  return Array.from({ length: dimensions }, (_, index) => base[index % 4] + Math.floor(index / 4) / 16);
}

/** Tokens the mock counts for an input: one per four characters (at least one), or the token ids. */
export function tokensFor(inputs: Array<string | number[]>): number {
  return inputs.reduce<number>((sum, input) => sum + (typeof input === 'string' ? Math.max(1, Math.ceil(input.length / 4)) : input.length), 0);
}

function toBase64(vector: number[]): string {
  const bytes = Buffer.alloc(vector.length * 4);
  vector.forEach((value, index) => bytes.writeFloatLE(value, index * 4));
  return bytes.toString('base64');
}

function inputsOf(input: unknown): Array<string | number[]> | undefined {
  if (typeof input === 'string') return [input];
  if (!Array.isArray(input) || input.length === 0) return undefined;
  if (input.every((entry) => typeof entry === 'string')) return input as string[];
  if (input.every((entry) => Number.isInteger(entry))) return [input as number[]];
  if (input.every((entry) => Array.isArray(entry) && entry.length > 0 && entry.every((token) => Number.isInteger(token)))) return input as number[][];
  return undefined;
}

/** Answers `POST <embeddings path>` as the provider would, or refuses what it would refuse. */
export function answerEmbeddings(flavour: EmbeddingFlavour, body: Json, response: ServerResponse, fail: (status: number, message: string) => void): void {
  const extra = Object.keys(body).find((key) => !FIELDS[flavour].includes(key));
  if (extra) return fail(flavour === 'mistral' ? 422 : 400, `Unrecognized request argument supplied: ${extra}`);
  if (body.model !== EMBEDDING_MODELS[flavour]) return fail(404, `The model \`${String(body.model)}\` does not exist.`);
  const inputs = inputsOf(body.input);
  if (!inputs) return fail(400, flavour === 'ollama' ? 'invalid input' : "'$.input' is invalid.");
  if (inputs.some((input) => input === '')) return fail(400, "'$.input' is invalid: empty string.");
  if (flavour !== 'openai' && inputs.some((input) => typeof input !== 'string'))
    return fail(flavour === 'mistral' ? 422 : 400, 'invalid input type: texts only');
  const format = body.encoding_format;
  const formats = flavour === 'google' ? ['float'] : ['float', 'base64'];
  const givenFormat = typeof format === 'string' && flavour === 'ollama' ? format.toLowerCase() : format;
  if (format !== undefined && !formats.includes(String(givenFormat))) {
    return fail(400, `Invalid value for 'encoding_format' = ${String(format)}. Supported values: ['${formats.join("', '")}'].`);
  }
  const dimensions = (flavour === 'mistral' ? body.output_dimension : body.dimensions) as number | undefined;
  const tokens = tokensFor(inputs);
  const data = inputs.map((input, index) => {
    const vector = embeddingFor(input, dimensions ?? 4);
    return { object: 'embedding', index, embedding: givenFormat === 'base64' ? toBase64(vector) : vector };
  });
  const usage = flavour === 'mistral' ? { prompt_tokens: tokens, completion_tokens: 0, total_tokens: tokens } : { prompt_tokens: tokens, total_tokens: tokens };
  const answer = { object: 'list', data, model: body.model, usage, ...(flavour === 'mistral' ? { id: 'embd-8f1c0a' } : {}) };
  sendJson(response, 200, answer);
}
