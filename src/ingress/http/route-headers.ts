import type { Response } from 'express';
import type { RequestContext } from '../../common/context/request-context.js';

/** Response headers that say where a request went (browsers may read them: see http-hardening). */
export const ROUTE_HEADERS = ['x-selected-provider', 'x-selected-model', 'x-gateway-attempts'] as const;

/**
 * Says where the request went, before the first byte of its answer: the provider and model of the
 * last call made (the one that answered, or the one whose error is the answer) and how many calls
 * were made (retries and fallbacks included).
 */
export function setRouteHeaders(response: Response, context: RequestContext | undefined): void {
  const route = context?.route;
  if (!route || response.headersSent) return;
  response.setHeader('x-selected-provider', route.provider);
  response.setHeader('x-selected-model', route.model);
  response.setHeader('x-gateway-attempts', String(context.attempts ?? 1));
}
