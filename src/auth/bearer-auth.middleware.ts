import { Inject, Injectable, NestMiddleware } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import type { NextFunction, Request, Response } from 'express';
import { authConfig } from '../config/auth.config.js';
import { BearerAuthenticator } from './bearer-authenticator.js';

/**
 * Checks the bearer token before a request body is read, so an unauthenticated client cannot make
 * the gateway parse megabytes of JSON. The guard then reuses the same verdict.
 */
@Injectable()
export class BearerAuthMiddleware implements NestMiddleware {
  constructor(
    @Inject(authConfig.KEY) private readonly config: ConfigType<typeof authConfig>,
    private readonly authenticator: BearerAuthenticator,
  ) {}

  use(request: Request, response: Response, next: NextFunction): void {
    if (!this.config.enabled) {
      next();
      return;
    }
    this.authenticator.authenticate(request, response).then(() => next(), next);
  }
}
