import { Inject, Injectable, NestMiddleware } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import type { NextFunction, Request, Response } from 'express';
import { ClsService } from 'nestjs-cls';
import type { RequestContext } from '../context/request-context.js';
import { serverConfig } from '../../config/server.config.js';
import { PayloadTooLargeError } from '../errors/gateway-error.js';
import { LARGE_BODY_BYTES, readJsonBody } from './json-body.js';

/**
 * Parses the JSON body of the API's POST routes (`readJsonBody`). Registered as Nest middleware so
 * its errors reach the exception filter in the dialect of the route. A body refused as too large
 * is answered at once and the connection closed, instead of reading the rest of it. After a large
 * body the request goes on in the next turn of the event loop, so parsing and checking it are not
 * one long block for the other requests.
 */
@Injectable()
export class JsonBodyMiddleware implements NestMiddleware {
  constructor(
    @Inject(serverConfig.KEY) private readonly config: ConfigType<typeof serverConfig>,
    private readonly cls: ClsService<RequestContext>,
  ) {}

  use(request: Request, response: Response, next: NextFunction): void {
    readJsonBody(request, { maxBytes: this.config.maxRequestBodyBytes, maxContainers: this.config.maxRequestJsonObjects }).then(
      ({ body, bytes }) => {
        request.body = body;
        if (this.cls.isActive()) this.cls.get().bodyBytes = bytes;
        if (bytes > LARGE_BODY_BYTES) setImmediate(next);
        else next();
      },
      (error: unknown) => {
        if (error instanceof PayloadTooLargeError) response.setHeader('connection', 'close');
        next(error);
      },
    );
  }
}
