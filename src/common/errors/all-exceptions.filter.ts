import { ArgumentsHost, Catch, ExceptionFilter, HttpException, Inject, Logger, ServiceUnavailableException } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import type { Response } from 'express';
import { providersConfig } from '../../config/providers.config.js';
import { SseWriter } from '../sse/sse-writer.js';
import { fromError } from './from-error.js';
import { InternalError } from './gateway-error.js';
import { redactSecrets } from './redact-secrets.js';

/**
 * The one exception filter. Every error becomes an OpenAI error body with its status; a response
 * whose headers are already out (a stream that failed midway) gets one SSE error event instead.
 */
@Catch()
export class AllExceptionsFilter implements ExceptionFilter {
  private readonly logger = new Logger('Errors');
  private readonly providerKeys: string[];

  constructor(@Inject(providersConfig.KEY) providers: ConfigType<typeof providersConfig>) {
    this.providerKeys = Object.values(providers.providers).flatMap((settings) => (settings.apiKey ? [settings.apiKey] : []));
  }

  catch(exception: unknown, host: ArgumentsHost): void {
    const response = host.switchToHttp().getResponse<Response>();
    const healthResult = healthCheckResult(exception);
    if (healthResult && !response.headersSent) {
      // Probes and operators read terminus's own result: which check is down, and why.
      response.status(503).json(healthResult);
      return;
    }
    const error = fromError(exception);
    error.message = redactSecrets(error.message, this.providerKeys); // providers that quote the key they got
    if (error instanceof InternalError) {
      this.logger.error({ err: exception }, 'unhandled error while serving a request');
    }
    response.locals.error = error;

    if (response.destroyed || response.writableEnded) return;
    if (SseWriter.hasStarted(response)) {
      SseWriter.fail(response, error);
      return;
    }
    for (const [name, value] of Object.entries(error.headers)) response.setHeader(name, value);
    response.status(error.status).json(error.toBody());
  }
}

/** The body of a failed terminus health check (`{status: "error", info, error, details}`), if that is what was thrown. */
function healthCheckResult(exception: unknown): object | undefined {
  if (!(exception instanceof ServiceUnavailableException)) return undefined;
  const body = (exception as HttpException).getResponse() as { status?: unknown; details?: unknown };
  return body && typeof body === 'object' && body.status === 'error' && typeof body.details === 'object' ? body : undefined;
}
