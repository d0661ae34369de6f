import { Inject, Injectable, Logger, Optional } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import type { Request, Response } from 'express';
import { ClsService } from 'nestjs-cls';
import type { Caller, RequestContext } from '../common/context/request-context.js';
import { AuthenticationError, InternalError, ServiceUnavailableError, type GatewayError } from '../common/errors/gateway-error.js';
import { authConfig } from '../config/auth.config.js';
import { ApiKeyVerifier, looksLikeJwt } from './api-key-verifier.js';
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
 * Finds out who is calling, once per request: the body-route middleware and the global guard
 * share the answer. A caller presents an OIDC access token (`Authorization: Bearer <JWT>`, with
 * AUTH_ENABLED) or an API key of the access file (`Authorization: Bearer <key>` as OpenAI clients
 * send it, or `x-api-key: <key>` as Anthropic clients do). The caller goes into the request
 * context; the credential itself is kept nowhere.
 */
@Injectable()
export class BearerAuthenticator {
  private readonly logger = new Logger('Auth');

  // The strategy is injected so that it is constructed, and so registered with passport, first.
  constructor(
    @Inject(authConfig.KEY) private readonly config: ConfigType<typeof authConfig>,
    private readonly discovery: OidcDiscoveryService,
    private readonly strategy: OidcJwtStrategy,
    private readonly cls: ClsService<RequestContext>,
    @Optional() private readonly keys?: ApiKeyVerifier,
  ) {}

  /** Whether callers must present a credential: OIDC is on, or the access file lists keys. */
  get required(): boolean {
    return this.config.enabled || this.keys?.enabled === true;
  }

  authenticate(request: Request, response: Response): Promise<Caller> {
    const context = this.cls.get();
    context.authentication ??= this.verify(request, response, context);
    return context.authentication;
  }

  private async verify(request: Request, response: Response, context: RequestContext): Promise<Caller> {
    const keysAccepted = this.keys?.enabled === true;
    // Tokens only, and the issuer not reached yet: nobody can be verified (with keys, a key still can).
    if (!keysAccepted && !this.discovery.current) throw issuerUnavailable();
    const apiKey = request.headers['x-api-key'];
    const presented = extractAccessToken(request) ?? (keysAccepted && typeof apiKey === 'string' && apiKey !== '' ? apiKey : null);
    if (!presented) {
      context.authFailure = 'no credential';
      throw this.missingCredential(request);
    }
    // A key, unless tokens are accepted too and it looks like one (a JWT).
    if (keysAccepted && !(this.config.enabled && looksLikeJwt(presented))) return this.verifyKey(presented, context);
    return this.verifyToken(request, response, context);
  }

  private verifyKey(presented: string, context: RequestContext): Caller {
    const name = this.keys?.verify(presented);
    if (name === undefined) {
      context.authFailure = 'unknown API key';
      throw new AuthenticationError('The API key is not valid (unknown or revoked).', { code: 'invalid_api_key', headers: { 'www-authenticate': 'Bearer' } });
    }
    const caller: Caller = { kind: 'key', name };
    context.caller = caller;
    return caller;
  }

  private async verifyToken(request: Request, response: Response, context: RequestContext): Promise<Caller> {
    if (!this.discovery.current) throw issuerUnavailable();
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
      const caller: Caller = { kind: 'identity', ...outcome.identity };
      context.caller = caller;
      return caller;
    }
    const failure = outcome.error ?? outcome.info;
    context.authFailure = failureReason(failure);
    throw this.toClientError(failure);
  }

  private missingCredential(request: Request): AuthenticationError {
    const headers = { 'www-authenticate': 'Bearer' };
    if (!this.keys?.enabled) {
      const where = isAnthropicClientRequest(request)
        ? '"x-api-key: <access token>" or "Authorization: Bearer <access token>"'
        : '"Authorization: Bearer <access token>"';
      return new AuthenticationError(`Missing bearer token: send ${where}.`, { code: 'missing_token', headers });
    }
    const what = this.config.enabled ? 'an access token or an API key' : 'an API key';
    return new AuthenticationError(
      `Missing credentials: send ${what} as "Authorization: Bearer <credential>"${this.config.enabled ? '' : ' or "x-api-key: <key>"'}.`,
      {
        code: 'missing_api_key',
        headers,
      },
    );
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
