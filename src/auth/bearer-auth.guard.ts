import { CanActivate, ExecutionContext, Inject, Injectable } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import { Reflector } from '@nestjs/core';
import type { Request, Response } from 'express';
import { authConfig } from '../config/auth.config.js';
import { BearerAuthenticator } from './bearer-authenticator.js';
import { PUBLIC_ROUTE } from './public-route.decorator.js';

/** The global guard: with AUTH_ENABLED every route but `@PublicRoute()` ones needs a valid bearer token. */
@Injectable()
export class BearerAuthGuard implements CanActivate {
  constructor(
    @Inject(authConfig.KEY) private readonly config: ConfigType<typeof authConfig>,
    private readonly reflector: Reflector,
    private readonly authenticator: BearerAuthenticator,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (!this.config.enabled) return true;
    if (this.reflector.getAllAndOverride<boolean>(PUBLIC_ROUTE, [context.getHandler(), context.getClass()])) return true;
    const http = context.switchToHttp();
    await this.authenticator.authenticate(http.getRequest<Request>(), http.getResponse<Response>());
    return true;
  }
}
