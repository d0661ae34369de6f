import { Injectable, NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { BearerAuthenticator } from './bearer-authenticator.js';

/**
 * Checks the caller's credential before a request body is read, so an unauthenticated client
 * cannot make the gateway parse megabytes of JSON. The guard then reuses the same verdict.
 */
@Injectable()
export class BearerAuthMiddleware implements NestMiddleware {
  constructor(private readonly authenticator: BearerAuthenticator) {}

  use(request: Request, response: Response, next: NextFunction): void {
    if (!this.authenticator.required) {
      next();
      return;
    }
    this.authenticator.authenticate(request, response).then(() => next(), next);
  }
}
