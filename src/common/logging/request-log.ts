import type { NextFunction, Request, Response } from 'express';
import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { ClsService } from 'nestjs-cls';
import type { BaseLogger } from 'pino';
import type { RequestContext } from '../context/request-context.js';
import { currentTraceIds } from './trace-ids.js';

const REQUEST_ID = /^[\w.:-]{1,128}$/;
/** Paths that are probed often and say nothing about traffic: not logged per request. */
const QUIET_PATHS = new Set(['/health', '/health/ready']);
/** What nginx logs for a request whose client went away before the answer was complete. */
const CLIENT_CLOSED = 499;

export interface RequestLogOptions {
  cls: ClsService<RequestContext>;
  logger: BaseLogger;
  /** Put the ids of the request's server span on its line (when traces are exported). */
  traceIds: boolean;
  /** The client dialect a path belongs to. */
  dialectFor(path: string): string;
}

/**
 * The first middleware of every request: gives it an id (the client's `x-request-id` when it is a
 * sane one), opens its context for the layers that serve it, and writes one JSON line when it ends:
 * request_id, method, path, status, duration, and what the context learnt (provider, model and
 * number of attempts of the last call, the caller's identity or key name, why a credential was
 * refused). Only these fields are written, so headers and
 * the credentials in them never reach a log.
 */
export function requestLog(options: RequestLogOptions) {
  const { cls, logger } = options;
  return (request: Request, response: Response, next: NextFunction): void => {
    const incoming = request.headers['x-request-id'];
    const requestId = typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : randomUUID();
    response.setHeader('x-request-id', requestId);
    (request as Request & { id: string }).id = requestId;
    const context: RequestContext = {
      requestId,
      receivedAt: performance.now(),
      dialect: options.dialectFor(request.path),
      headers: {
        set: (name, value) => {
          if (!response.headersSent) response.setHeader(name, value);
        },
      },
      onEnd: (callback) => whenEnded(response, callback),
    };
    if (options.traceIds) {
      const ids = currentTraceIds();
      if (ids.trace_id && ids.span_id) context.traceIds = { trace_id: ids.trace_id, span_id: ids.span_id };
    }
    if (!QUIET_PATHS.has(request.path)) {
      let written = false;
      const write = () => {
        if (written) return;
        written = true;
        writeLine(logger, request, response, context);
      };
      response.once('finish', write);
      response.once('close', write);
    }
    cls.runWith(context, next);
  };
}

function writeLine(logger: BaseLogger, request: Request, response: Response, context: RequestContext): void {
  const status = response.writableFinished ? response.statusCode : CLIENT_CLOSED;
  const line: Record<string, unknown> = {
    request_id: context.requestId,
    ...context.traceIds,
    request: { method: request.method, path: withoutSecrets(request.originalUrl) },
    response: { status },
    duration_ms: Math.round(performance.now() - context.receivedAt),
  };
  if (context.route) {
    line.provider = context.route.provider;
    line.model = context.route.model;
    line.attempts = context.attempts ?? 1;
  }
  if (context.caller?.kind === 'identity') line.identity = { sub: context.caller.subject, client_id: context.caller.clientId };
  if (context.caller?.kind === 'key') line.key = context.caller.name;
  if (context.access && context.caller?.kind === 'identity') line.access_rule = context.access.rule;
  if (context.authFailure) line.auth_failure = context.authFailure;
  if (status >= 500) logger.error(line, 'request failed');
  else if (status >= 400) logger.warn(line, 'request completed');
  else logger.info(line, 'request completed');
}

/** Runs `callback` once the response has closed (at once if it has): after its last byte, or when the client went away. */
function whenEnded(response: Response, callback: () => void): void {
  if (response.closed) callback();
  else response.once('close', callback);
}

/** Query parameters whose values are credentials (`?access_token=`, `?key=`): never written to a log. */
const SECRET_QUERY_KEY = /token|key|secret|password|passwd|auth|signature|credential|session|code/i;

/** The path and query as requested, with the values of credential-like query parameters replaced. */
export function withoutSecrets(url: string): string {
  const query = url.indexOf('?');
  if (query === -1) return url;
  const parts = url
    .slice(query + 1)
    .split('&')
    .map((pair) => {
      const equals = pair.indexOf('=');
      const name = equals === -1 ? pair : pair.slice(0, equals);
      return equals !== -1 && SECRET_QUERY_KEY.test(decodeQueryName(name)) ? `${name}=[redacted]` : pair;
    });
  return `${url.slice(0, query)}?${parts.join('&')}`;
}

function decodeQueryName(name: string): string {
  try {
    return decodeURIComponent(name.replace(/\+/g, ' '));
  } catch {
    return name;
  }
}
