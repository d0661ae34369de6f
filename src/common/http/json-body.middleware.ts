import { Inject, Injectable, NestMiddleware } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import type { NextFunction, Request, Response } from 'express';
import { serverConfig } from '../../config/server.config.js';
import { PayloadTooLargeError } from '../errors/gateway-error.js';
import { readJsonBody } from './json-body.js';

/**
 * Parses the JSON body of the API's POST routes (`readJsonBody`). Registered as Nest middleware so
 * its errors reach the exception filter in the dialect of the route. A body refused as too large
 * is answered at once and the connection closed, instead of reading the rest of it.
 */
@Injectable()
export class JsonBodyMiddleware implements NestMiddleware {
  constructor(@Inject(serverConfig.KEY) private readonly config: ConfigType<typeof serverConfig>) {}

  use(request: Request, response: Response, next: NextFunction): void {
    readJsonBody(request, this.config.maxRequestBodyBytes).then(
      (body) => {
        request.body = body;
        next();
      },
      (error: unknown) => {
        if (error instanceof PayloadTooLargeError) response.setHeader('connection', 'close');
        next(error);
      },
    );
  }
}
