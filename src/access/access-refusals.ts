import { InsufficientQuotaError, PermissionError, RateLimitError, ServiceUnavailableError, AuthenticationError } from '../common/errors/gateway-error.js';
import type { Budget } from './access-policy.js';
import type { Check } from './admission-plan.js';
import { formatReset, rateLimitHeaders, retryAfterSeconds } from './rate-limit-headers.js';

// Refusals of access control. None is worth trying again on another deployment (`retryable: false`):
// the limit is the caller's, wherever the call would go.

export function modelRefused(who: string, model: string, resolved: string): PermissionError {
  const also = resolved.toLowerCase() !== model.toLowerCase() ? ` (${resolved})` : '';
  return new PermissionError(`The ${who} may not use the model "${model}"${also}.`, { param: 'model', code: 'model_not_allowed', retryable: false });
}

export function proxyRefused(who: string, providerId: string): PermissionError {
  return new PermissionError(`The ${who} may not use /proxy/${providerId}: its model list does not allow every model of "${providerId}" ("${providerId}/*").`, {
    code: 'model_not_allowed',
    retryable: false,
  });
}

export function keyRevoked(): AuthenticationError {
  return new AuthenticationError('The API key is not valid (unknown or revoked).', { code: 'invalid_api_key', retryable: false });
}

export function requestsRefused(check: Check, resetMs: number): RateLimitError {
  return new RateLimitError(`Rate limit reached for the ${check.scope} on requests per minute: limit ${check.limit}. Try again in ${formatReset(resetMs)}.`, {
    code: 'rate_limit_exceeded',
    retryable: false,
    headers: { 'retry-after': retryAfterSeconds(resetMs), ...rateLimitHeaders({ limit: check.limit, remaining: 0, resetMs }, undefined) },
  });
}

export function tokensRefused(check: Check, used: number, resetMs: number): RateLimitError {
  return new RateLimitError(
    `Rate limit reached for the ${check.scope} on tokens per minute: limit ${check.limit}, used ${used}. Try again in ${formatReset(resetMs)}.`,
    {
      code: 'rate_limit_exceeded',
      retryable: false,
      headers: { 'retry-after': retryAfterSeconds(resetMs), ...rateLimitHeaders(undefined, { limit: check.limit, remaining: 0, resetMs }) },
    },
  );
}

export function concurrencyRefused(check: Check): RateLimitError {
  return new RateLimitError(`Too many requests in flight for the ${check.scope}: limit ${check.limit}. Try again when one has finished.`, {
    code: 'concurrency_limit_exceeded',
    retryable: false,
    headers: { 'retry-after': '1' },
  });
}

export function budgetSpent(who: string, budget: Budget, spent: number, endsAt: number | undefined, now: number): InsufficientQuotaError {
  const resets = endsAt === undefined ? 'It does not reset (period total).' : `It resets at ${new Date(endsAt).toISOString()}.`;
  return new InsufficientQuotaError(
    `The budget of the ${who} is spent: $${spent.toFixed(4)} of $${budget.usd} for the period ${budget.period.label}. ${resets}`,
    {
      code: 'insufficient_quota',
      retryable: false,
      headers: endsAt === undefined ? {} : { 'retry-after': retryAfterSeconds(endsAt - now) },
    },
  );
}

export function storeUnavailable(): ServiceUnavailableError {
  return new ServiceUnavailableError(
    'Limits and budgets cannot be checked right now (their store is unreachable); the request was not sent. Try again shortly.',
    {
      code: 'access_unavailable',
      retryable: false,
      headers: { 'retry-after': '5' },
    },
  );
}
