import type { Request } from 'express';
import { ExtractJwt } from 'passport-jwt';

const fromBearer = ExtractJwt.fromAuthHeaderAsBearerToken();

/**
 * Whether a request comes from an Anthropic client (Claude Code, the Anthropic SDKs): it is on
 * the Messages routes, or carries `anthropic-version` (as their `GET /v1/models` does).
 */
export function isAnthropicClientRequest(request: Pick<Request, 'path' | 'headers'>): boolean {
  return request.path === '/v1/messages' || request.path.startsWith('/v1/messages/') || request.headers['anthropic-version'] !== undefined;
}

/**
 * The access token of a request: `Authorization: Bearer <token>`, or, from Anthropic clients, which
 * send their key in it, `x-api-key: <token>`. Either way it is verified the same way, and it is
 * never passed on to a provider.
 */
export function extractAccessToken(request: Request): string | null {
  const bearer = fromBearer(request);
  if (bearer) return bearer;
  if (!isAnthropicClientRequest(request)) return null;
  const key = request.headers['x-api-key'];
  return typeof key === 'string' && key ? key : null;
}
