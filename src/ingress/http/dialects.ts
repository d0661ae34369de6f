import { ANTHROPIC_MESSAGES_INGRESS_DIALECT } from '../anthropic-messages/anthropic-messages.dialect.js';
import { EMBEDDINGS_DIALECT } from '../embeddings/embeddings.dialect.js';
import { IMAGES_DIALECT } from '../images/images.dialect.js';
import { OPENAI_CHAT_DIALECT } from '../openai-chat/openai-chat.dialect.js';
import { OPENAI_RESPONSES_DIALECT } from '../openai-responses/openai-responses.dialect.js';
import type { IngressDialect } from './ingress-dialect.js';

const DIALECTS: readonly IngressDialect[] = [
  OPENAI_CHAT_DIALECT,
  ANTHROPIC_MESSAGES_INGRESS_DIALECT,
  OPENAI_RESPONSES_DIALECT,
  EMBEDDINGS_DIALECT,
  IMAGES_DIALECT,
];

/** Route prefixes that speak a dialect other than OpenAI's chat, longest first. */
const ROUTES: ReadonlyArray<readonly [prefix: string, dialect: string]> = [
  ['/v1/responses', OPENAI_RESPONSES_DIALECT.id],
  ['/v1/embeddings', EMBEDDINGS_DIALECT.id],
  ['/v1/images', IMAGES_DIALECT.id],
  ['/v1/messages', ANTHROPIC_MESSAGES_INGRESS_DIALECT.id],
];

/** The dialect of the route a path belongs to: it decides the shape of the route's errors. */
export function dialectForPath(path: string): string {
  for (const [prefix, dialect] of ROUTES) if (path === prefix || path.startsWith(`${prefix}/`)) return dialect;
  return OPENAI_CHAT_DIALECT.id;
}

export function ingressDialect(id: string | undefined): IngressDialect {
  return DIALECTS.find((dialect) => dialect.id === id) ?? OPENAI_CHAT_DIALECT;
}
