/**
 * Ids of the client wire dialects. An ingress serves one; a provider that speaks one natively lists
 * it, and a request in that dialect is relayed to it byte for byte instead of translated.
 */
export const OPENAI_CHAT = 'openai-chat';
export const OPENAI_RESPONSES = 'openai-responses';
export const ANTHROPIC_MESSAGES = 'anthropic-messages';
