import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import type { Response } from 'express';
import { Observable, throwError } from 'rxjs';
import { ServiceUnavailableError } from '../errors/gateway-error.js';
import { DrainDeadline } from './drain-deadline.js';

/**
 * Cuts what is still running when the shutdown's drain timeout passes. Unsubscribing the handler
 * aborts its upstream call; the error then reaches the exception filter, which answers a request
 * whose headers are not out yet with a 503 and ends a started event stream with one
 * `data: {"error": ...}` event (no `[DONE]`). A started response of another type (a raw proxied
 * body) cannot carry an error and is closed.
 */
@Injectable()
export class DrainDeadlineInterceptor implements NestInterceptor {
  constructor(private readonly deadline: DrainDeadline) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (this.deadline.reached) return throwError(() => shuttingDown('The gateway is shutting down.'));
    const response = context.switchToHttp().getResponse<Response>();
    return new Observable<unknown>((subscriber) => {
      // A plain observer, not `subscriber` itself: unsubscribing `handled` must leave `subscriber` open for the error.
      const handled = next.handle().subscribe({
        next: (value) => subscriber.next(value),
        error: (error: unknown) => subscriber.error(error),
        complete: () => subscriber.complete(),
      });
      const cut = this.deadline.reached$.subscribe(() => {
        handled.unsubscribe();
        if (response.headersSent && !isEventStream(response)) response.destroy();
        subscriber.error(shuttingDown('The gateway is shutting down and could not finish this response in time.'));
      });
      return () => {
        cut.unsubscribe();
        handled.unsubscribe();
      };
    });
  }
}

function shuttingDown(message: string): ServiceUnavailableError {
  return new ServiceUnavailableError(message, { code: 'server_shutting_down' });
}

function isEventStream(response: Response): boolean {
  return String(response.getHeader('content-type') ?? '').startsWith('text/event-stream');
}
