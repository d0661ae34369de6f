import { Inject, Injectable, NestMiddleware } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import express, { type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import { serverConfig } from '../../config/server.config.js';
import { exceedsJsonDepth } from './json-depth.js';

/** Deepest nesting of objects and arrays a request body may have (tool schemas need a dozen or so). */
export const MAX_JSON_DEPTH = 64;

/**
 * Parses JSON bodies with the configured size limit, checked against Content-Length before any
 * byte is read (413), and counted while a body without Content-Length (chunked) streams in, so
 * reading stops at the limit. Bodies nested deeper than MAX_JSON_DEPTH are refused (400) before
 * they are parsed. Applies whatever the Content-Type (curl's `-d` sends form encoding).
 * Registered as Nest middleware so its errors reach the exception filter as OpenAI-shaped errors.
 */
@Injectable()
export class JsonBodyMiddleware implements NestMiddleware {
  private readonly parse: RequestHandler;

  constructor(@Inject(serverConfig.KEY) config: ConfigType<typeof serverConfig>) {
    this.parse = express.json({
      limit: config.maxRequestBodyBytes,
      type: () => true,
      strict: false,
      verify: (_request, _response, body) => {
        if (exceedsJsonDepth(body, MAX_JSON_DEPTH)) {
          throw Object.assign(new Error(`Request body nests objects and arrays deeper than ${MAX_JSON_DEPTH} levels.`), {
            status: 400,
            type: 'entity.too.deep',
          });
        }
      },
    });
  }

  use(request: Request, response: Response, next: NextFunction): void {
    this.parse(request, response, next);
  }
}
