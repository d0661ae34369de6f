import { CanActivate, ExecutionContext, Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request, Response } from 'express';
import { BearerAuthenticator } from './bearer-authenticator.js';
import { PUBLIC_ROUTE } from './public-route.decorator.js';

/**
 * The global guard: with AUTH_ENABLED or an access file, every route but `@PublicRoute()` ones
 * needs a valid access token or API key.
 */
@Injectable()
export class BearerAuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly authenticator: BearerAuthenticator,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (!this.authenticator.required) return true;
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, [context.getHandler(), context.getClass()])) return true;
    const http = context.switchToHttp();
    await this.authenticator.authenticate(http.getRequest<Request>(), http.getResponse<Response>());
    return true;
  }
}
