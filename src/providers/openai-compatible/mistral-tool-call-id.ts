import { createHash } from 'node:crypto';

const MISTRAL_ID = /^[a-zA-Z0-9]{9}$/;
const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';

/**
 * Mistral accepts only tool-call ids of exactly 9 alphanumerics. Foreign ids (`call_...`,
 * `toolu_...`) are rewritten deterministically, so an assistant `tool_calls[].id` and the
 * `tool_call_id` that answers it still pair up. Ids Mistral issued itself pass unchanged.
 */
export function toMistralToolCallId(id: string): string {
  if (MISTRAL_ID.test(id)) return id;
  const digest = createHash('sha256').update(id).digest();
  let out = '';
  for (let i = 0; i < 9; i++) out += BASE62[digest[i] % 62];
  return out;
}
