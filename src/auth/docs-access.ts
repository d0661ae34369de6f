import type { NestExpressApplication } from '@nestjs/platform-express';
import type { NextFunction, Request, Response } from 'express';
import { fromError } from '../common/errors/from-error.js';
import { authConfig, type AuthConfig } from '../config/auth.config.js';
import { BearerAuthenticator } from './bearer-authenticator.js';

/**
 * Swagger UI and the OpenAPI document are served outside Nest's router, where guards do not run;
 * with AUTH_ENABLED (or an access file) and AUTH_DOCS_PUBLIC=false this puts the same check in front of them.
 * Call before the documents are mounted.
 */
export function protectDocs(app: NestExpressApplication, docsPath: string): void {
  const config = app.get<AuthConfig>(authConfig.KEY);
  const authenticator = app.get(BearerAuthenticator);
  if (!authenticator.required || config.docsPublic) return;
  app.use(`/${docsPath}`, (request: Request, response: Response, next: NextFunction) => {
    authenticator.authenticate(request, response).then(
      () => next(),
      (error: unknown) => {
        const gatewayError = fromError(error);
        for (const [name, value] of Object.entries(gatewayError.headers)) response.setHeader(name, value);
        response.status(gatewayError.status).json(gatewayError.toBody());
      },
    );
  });
}
