import type { InferenceRequest } from '../core/inference-request.js';

/** Characters per token, the usual rule of thumb for English text and code. */
const CHARACTERS_PER_TOKEN = 4;
/** Strings this long without a space in their first part are encoded data (images, files), not text. */
const BLOB_PROBE = 512;
/** What an image or a file is counted as: providers bill a picture as some hundreds of tokens. */
const BLOB_TOKENS = 1_000;
const MAX_DEPTH = 32;

/**
 * A rough count of the tokens a call will use, before it is made: the text of the client's body
 * (about four characters a token; base64 images and files as a thousand tokens each) and the
 * most the answer may take (`max_tokens` and its kin, when given). The call's real usage
 * replaces it when the call ends.
 */
export function estimateTokens(request: InferenceRequest): number {
  const counter = { characters: 0, blobs: 0 };
  walk(request.body, counter, 0);
  const output = request.sampling().maxTokens ?? 0;
  return Math.max(1, Math.ceil(counter.characters / CHARACTERS_PER_TOKEN) + counter.blobs * BLOB_TOKENS + output);
}

function walk(value: unknown, counter: { characters: number; blobs: number }, depth: number): void {
  if (typeof value === 'string') {
    if (value.startsWith('data:') || (value.length > BLOB_PROBE && !/\s/.test(value.slice(0, BLOB_PROBE)))) counter.blobs++;
    else counter.characters += value.length;
    return;
  }
  if (value === null || typeof value !== 'object' || depth > MAX_DEPTH) return;
  if (Array.isArray(value)) {
    for (const item of value) walk(item, counter, depth + 1);
    return;
  }
  for (const item of Object.values(value)) walk(item, counter, depth + 1);
}
