import { Injectable, Logger } from '@nestjs/common';
import type { Request, Response } from 'express';
import { ClsService } from 'nestjs-cls';
import type { RequestContext } from '../common/context/request-context.js';
import { AuthenticationError, InternalError, ServiceUnavailableError, type GatewayError } from '../common/errors/gateway-error.js';
import { OidcDiscoveryService } from './oidc-discovery.service.js';
import { extractAccessToken, isAnthropicClientRequest } from './access-token.js';
import { OIDC_JWT_STRATEGY, OidcJwtStrategy } from './oidc-jwt.strategy.js';
import { IssuerUnavailableError, TokenRejectedError } from './signing-key.resolver.js';
import type { VerifiedIdentity } from './verified-identity.js';

interface PassportOutcome {
  error?: unknown;
  identity?: VerifiedIdentity;
  info?: unknown;
}

/**
 * Runs the passport-jwt strategy on a request, once: the body-route middleware and the global
 * guard share the answer. On success the identity is on `request.user` and is the request's caller
 * (for the request log line); the token itself is kept nowhere.
 */
@Injectable()
export class BearerAuthenticator {
  private readonly logger = new Logger('Auth');

  // The strategy is injected so that it is constructed, and so registered with passport, first.
  constructor(
    private readonly discovery: OidcDiscoveryService,
    private readonly strategy: OidcJwtStrategy,
    private readonly cls: ClsService<RequestContext>,
  ) {}

  authenticate(request: Request, response: Response): Promise<VerifiedIdentity> {
    const context = this.cls.get();
    context.authentication ??= this.verify(request, response, context);
    return context.authentication;
  }

  private async verify(request: Request, response: Response, context: RequestContext): Promise<VerifiedIdentity> {
    if (!this.discovery.current) throw issuerUnavailable();
    if (!extractAccessToken(request)) {
      context.authFailure = 'no bearer token';
      const where = isAnthropicClientRequest(request)
        ? '"x-api-key: <access token>" or "Authorization: Bearer <access token>"'
        : '"Authorization: Bearer <access token>"';
      throw new AuthenticationError(`Missing bearer token: send ${where}.`, {
        code: 'missing_token',
        headers: { 'www-authenticate': 'Bearer' },
      });
    }
    const outcome = await new Promise<PassportOutcome>((resolve) => {
      const run = this.strategy
        .getPassportInstance()
        .authenticate(OIDC_JWT_STRATEGY, { session: false }, (error: unknown, identity: VerifiedIdentity | false, info: unknown) =>
          resolve({ error, identity: identity || undefined, info }),
        ) as (request: Request, response: Response, next: (error?: unknown) => void) => void;
      run(request, response, (error) => resolve({ error }));
    });
    if (outcome.identity) {
      request.user = outcome.identity;
      context.caller = { kind: 'identity', ...outcome.identity };
      return outcome.identity;
    }
    const failure = outcome.error ?? outcome.info;
    context.authFailure = failureReason(failure);
    throw this.toClientError(failure);
  }

  private toClientError(failure: unknown): GatewayError {
    if (failure instanceof IssuerUnavailableError) return issuerUnavailable();
    const name = (failure as Error | undefined)?.name;
    if (name === 'TokenExpiredError') return invalidToken('The access token has expired.');
    if (name === 'NotBeforeError') return invalidToken('The access token is not valid yet.');
    if (failure instanceof TokenRejectedError || name === 'JsonWebTokenError' || failure === undefined) {
      return invalidToken('The access token is not valid.');
    }
    this.logger.error({ err: failure }, 'token verification failed unexpectedly');
    return new InternalError('The gateway failed to verify the access token.');
  }
}

function invalidToken(message: string): AuthenticationError {
  return new AuthenticationError(message, {
    code: 'invalid_token',
    headers: { 'www-authenticate': `Bearer error="invalid_token", error_description="${message.replace(/["\\]/g, '')}"` },
  });
}

function issuerUnavailable(): ServiceUnavailableError {
  return new ServiceUnavailableError('Authentication is not available yet: the identity provider has not been reached.', {
    code: 'auth_unavailable',
    headers: { 'retry-after': '5' },
  });
}

/** Why a token was refused, for the request log (jsonwebtoken and the resolver never quote the token). */
function failureReason(failure: unknown): string {
  if (failure instanceof Error) return failure.message.slice(0, 200);
  return 'the token was refused';
}
