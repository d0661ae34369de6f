import { ArgumentsHost, Catch, ExceptionFilter, Inject, Logger, ServiceUnavailableException } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import type { Request, Response } from 'express';
import { ClsService } from 'nestjs-cls';
import type { RequestContext } from '../../common/context/request-context.js';
import { fromError } from '../../common/errors/from-error.js';
import { InternalError } from '../../common/errors/gateway-error.js';
import { redactError } from '../../common/errors/redact-secrets.js';
import { providersConfig } from '../../providers/providers.config.js';
import { dialectForPath, ingressDialect } from './dialects.js';
import { setRouteHeaders } from './route-headers.js';

/**
 * The one exception filter. Every error is rendered in the dialect of the route it happened on,
 * with its status; a stream that has begun gets the dialect's error event as its last event.
 */
@Catch()
export class DialectExceptionFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');
  private readonly providerKeys: string[];

  constructor(
    @Inject(providersConfig.KEY) providers: ConfigType<typeof providersConfig>,
    private readonly cls: ClsService<RequestContext>,
  ) {
    this.providerKeys = Object.values(providers.providers).flatMap((settings) => (settings.apiKey ? [settings.apiKey] : []));
  }

  catch(exception: unknown, host: ArgumentsHost): void {
    const http = host.switchToHttp();
    const response = http.getResponse<Response>();
    const healthResult = healthCheckResult(exception);
    if (healthResult && !response.headersSent) {
      // Probes and operators read terminus's own result: which check is down, and why.
      response.status(503).json(healthResult);
      return;
    }
    const error = fromError(exception);
    redactError(error, this.providerKeys); // providers that quote the key they got, in any field
    if (error instanceof InternalError) {
      this.logger.error({ err: exception }, 'unhandled error while serving a request');
    }
    const context = this.cls.isActive() ? this.cls.get() : undefined;
    if (context) context.error = error;
    if (response.destroyed || response.writableEnded) return;
    const dialect = ingressDialect(context?.dialect ?? dialectForPath(http.getRequest<Request>().path));
    const stream = context?.stream;
    if (response.headersSent || stream?.started) {
      if (stream) stream.fail(error);
      else response.destroy();
      return;
    }
    for (const [name, value] of Object.entries(error.headers)) response.setHeader(name, value);
    setRouteHeaders(response, context);
    response.status(dialect.errorStatus?.(error) ?? error.status);
    const body = dialect.errorBody(error);
    if (typeof body === 'string') response.type('application/json').send(body);
    else response.json(body);
  }
}

/** The body of a failed terminus health check (`{status: "error", info, error, details}`), if that is what was thrown. */
function healthCheckResult(exception: unknown): object | undefined {
  if (!(exception instanceof ServiceUnavailableException)) return undefined;
  const body = exception.getResponse() as { status?: unknown; details?: unknown };
  return body && typeof body === 'object' && body.status === 'error' && typeof body.details === 'object' ? body : undefined;
}
