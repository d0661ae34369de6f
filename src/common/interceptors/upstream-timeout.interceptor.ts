import { CallHandler, ExecutionContext, Inject, Injectable, NestInterceptor } from '@nestjs/common';
import type { ConfigType } from '@nestjs/config';
import type { Request } from 'express';
import { Observable, throwError, timeout } from 'rxjs';
import { clientConfig } from '../../config/client.config.js';
import { UpstreamTimeoutError } from '../errors/gateway-error.js';

/**
 * Bounds how long a route may wait on its upstream. A stream is bounded by the time to its first
 * chunk and the silence between chunks, never by its total length; a non-streaming call by the
 * time to its answer.
 */
@Injectable()
export class UpstreamTimeoutInterceptor implements NestInterceptor {
  constructor(@Inject(clientConfig.KEY) private readonly config: ConfigType<typeof clientConfig>) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const body = context.switchToHttp().getRequest<Request>().body as { stream?: unknown } | undefined;
    const streaming = body?.stream === true;
    const first = streaming ? this.config.responseHeaderTimeoutMs : this.config.timeoutMs;
    const message = streaming ? 'The upstream stream went silent for too long.' : 'The upstream provider did not answer in time.';
    return next.handle().pipe(
      timeout({
        first,
        each: streaming ? this.config.streamIdleTimeoutMs : undefined,
        with: () => throwError(() => new UpstreamTimeoutError(message, { code: 'upstream_timeout' })),
      }),
    );
  }
}
