/**
 * Anthropic's signed reasoning as OpenAI-compatible gateways hand it to OpenAI clients
 * (`thinking_blocks` on the assistant message, LiteLLM's convention): the client sends the
 * message back as it got it, and the signature reaches Anthropic again.
 */
export type ThinkingBlock = { type: 'thinking'; thinking: string; signature: string } | { type: 'redacted_thinking'; data: string };

/** The block for reasoning that carries a signature or was redacted; none for plain reasoning text. */
export function thinkingBlock(reasoning: { text: string; signature?: string; redactedData?: string }): ThinkingBlock | undefined {
  if (reasoning.redactedData !== undefined) return { type: 'redacted_thinking', data: reasoning.redactedData };
  if (reasoning.signature) return { type: 'thinking', thinking: reasoning.text, signature: reasoning.signature };
  return undefined;
}
