import { Inject, Injectable, NestMiddleware } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import express, { type NextFunction, type Request, type RequestHandler, type Response } from 'express';
import { serverConfig } from '../../config/server.config.js';

/**
 * Parses JSON bodies with the configured size limit, checked against Content-Length before any
 * byte is read (413), whatever the Content-Type (curl's `-d` sends form encoding). Registered as
 * Nest middleware so its errors reach the exception filter as OpenAI-shaped errors.
 */
@Injectable()
export class JsonBodyMiddleware implements NestMiddleware {
  private readonly parse: RequestHandler;

  constructor(@Inject(serverConfig.KEY) config: ConfigType<typeof serverConfig>) {
    this.parse = express.json({ limit: config.maxRequestBodyBytes, type: () => true, strict: false });
  }

  use(request: Request, response: Response, next: NextFunction): void {
    this.parse(request, response, next);
  }
}
