import { GatewayError } from '../../common/errors/gateway-error.js';

const refusals = new WeakSet<GatewayError>();

/**
 * Marks an error thrown by a call hook's `before` (an access check, a limit): the gateway refused
 * the call itself, so it is neither retried nor counted against the deployment, whatever its status.
 */
export function markRefusal(error: GatewayError): GatewayError {
  refusals.add(error);
  return error;
}

/**
 * Whether a failed call counts against its deployment: retried, then the next deployment tried,
 * and counted by its circuit breaker. Rate limits (429), overloads (529, surfaced as 503), provider
 * failures (5xx), unreachable providers and timeouts do; a refused request (400, 401, 403, 404,
 * 422), a refusal by the gateway's own hooks and a client that went away do not.
 */
export function isDeploymentFailure(error: unknown): boolean {
  return error instanceof GatewayError && error.retryable && !refusals.has(error);
}
