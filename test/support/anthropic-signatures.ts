import { createHmac } from 'node:crypto';

/**
 * The mock Anthropic's thinking signatures: an HMAC of the thinking text under a key only the
 * mock knows, so it can tell a block it issued, unchanged, from one that was altered or made up,
 * as Anthropic does.
 */
const MOCK_SIGNING_KEY = 'mock-anthropic-thinking-key';

export function signThinking(thinking: string): string {
  return createHmac('sha256', MOCK_SIGNING_KEY).update(thinking).digest('base64');
}

export function isIssuedSignature(thinking: unknown, signature: unknown): boolean {
  return typeof thinking === 'string' && typeof signature === 'string' && signature === signThinking(thinking);
}

/** The mock's redacted thinking: opaque data it can recognise as its own. */
export const REDACTED_THINKING = `redacted:${signThinking('redacted')}`;
