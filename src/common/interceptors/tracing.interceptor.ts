import { CallHandler, ExecutionContext, Injectable, NestInterceptor } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { context as otelContext, trace } from '@opentelemetry/api';
import { getRPCMetadata } from '@opentelemetry/core';
import type { Request } from 'express';
import { ClsService } from 'nestjs-cls';
import type { RequestContext } from '../context/request-context.js';
import { tap, type Observable } from 'rxjs';
import { fromError } from '../errors/from-error.js';
import type { GatewayError } from '../errors/gateway-error.js';
import { GatewayTelemetry } from '../telemetry/gateway-telemetry.service.js';
import { GenAiOperation } from '../telemetry/gen-ai-operation.decorator.js';
import { ATTRIBUTE } from '../telemetry/gen-ai.conventions.js';
import { mapErrorType } from '../telemetry/map-error-type.js';

/**
 * Adds what only the application knows to the request's server span (started by the HTTP
 * instrumentation): the route, the request id, and for gen_ai operations the provider and model
 * the request was routed to and the error it ended with. Ends gen_ai requests' telemetry.
 */
@Injectable()
export class TracingInterceptor implements NestInterceptor {
  constructor(
    private readonly telemetry: GatewayTelemetry,
    private readonly reflector: Reflector,
    private readonly cls: ClsService<RequestContext>,
  ) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    if (!this.telemetry.enabled || context.getType() !== 'http') return next.handle();
    const request = context.switchToHttp().getRequest<Request>();
    const requestContext = this.cls.isActive() ? this.cls.get() : undefined;
    // The HTTP instrumentation's server span (the active span here may be a framework span below it).
    const span = getRPCMetadata(otelContext.active())?.span ?? trace.getActiveSpan();
    const routePath = (request.route as { path?: unknown } | undefined)?.path;
    const route = typeof routePath === 'string' ? routePath : undefined;
    if (span?.isRecording()) {
      if (route) {
        span.updateName(`${request.method} ${route}`);
        span.setAttribute(ATTRIBUTE.httpRoute, route);
      }
      if (requestContext) span.setAttribute(ATTRIBUTE.requestId, requestContext.requestId);
    }
    const operation = this.reflector.get(GenAiOperation, context.getHandler());
    if (!operation) return next.handle();
    span?.setAttribute(ATTRIBUTE.operationName, operation);

    const finish = (error?: GatewayError) => {
      if (span?.isRecording()) {
        const routed = requestContext?.route;
        if (routed) {
          span.setAttribute(ATTRIBUTE.providerName, routed.provider);
          span.setAttribute(ATTRIBUTE.requestModel, routed.model);
        }
        if (error) span.setAttribute(ATTRIBUTE.errorType, mapErrorType(error));
      }
      this.telemetry.endRequest(requestContext, error);
    };
    return next.handle().pipe(tap({ complete: () => finish(), error: (error: unknown) => finish(fromError(error)) }));
  }
}
