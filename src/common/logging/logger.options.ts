import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Writable } from 'node:stream';
import type { Params } from 'nestjs-pino';
import { pino } from 'pino';
import type { Options } from 'pino-http';
import type { LoggingConfig } from '../../config/logging.config.js';
import type { ServerConfig } from '../../config/server.config.js';
import { currentTraceIds } from './trace-ids.js';

interface ResponseLocals {
  route?: { provider: string; model: string };
  identity?: { subject: string; clientId?: string };
  authFailure?: string;
}

const REQUEST_ID = /^[\w.:-]{1,128}$/;

/** Paths that are probed often and say nothing about traffic: not logged per request. */
const QUIET_PATHS = new Set(['/health', '/health/ready']);

const TRACE_IDS_LOGGED = Symbol('traceIdsLogged');

export interface LoggerSettings {
  level: LoggingConfig['level'];
  /** Put the request's trace and span ids on its log lines (when traces are exported). */
  traceIds: boolean;
}

/**
 * One JSON line per request: request_id, method, path, provider, model, status, duration, and
 * with tracing on the trace and span ids of the request's server span.
 * Only chosen fields are serialised, so headers (and the credentials in them) never reach a log;
 * the redact list is a second line of defence for anything logged by hand.
 */
export function loggerOptions(server: ServerConfig, stream?: Writable, settings: LoggerSettings = { level: 'info', traceIds: false }): Params {
  const options: Options = {
      level: settings.level,
      transport: server.environment === 'development' ? { target: 'pino-pretty', options: { singleLine: true } } : undefined,
      redact: {
        paths: [
          'req.headers.authorization',
          'req.headers["x-api-key"]',
          'req.headers.cookie',
          'headers.authorization',
          'apiKey',
          '*.apiKey',
          'credentials',
          '*.credentials',
        ],
        censor: '[redacted]',
      },
      genReqId: (request: IncomingMessage, response: ServerResponse) => {
        const incoming = request.headers['x-request-id'];
        const id = typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : randomUUID();
        response.setHeader('x-request-id', id);
        return id;
      },
      autoLogging: { ignore: (request: IncomingMessage) => QUIET_PATHS.has(request.url ?? '') },
      quietReqLogger: true,
      customAttributeKeys: { req: 'request', res: 'response', responseTime: 'duration_ms', reqId: 'request_id' },
      serializers: {
        req: (request: { method: string; url: string }) => ({ method: request.method, path: request.url }),
        res: (response: { statusCode: number }) => ({ status: response.statusCode }),
        err: (error: Error) => ({ type: error.name, message: error.message }),
      },
      // Called when the request arrives (bindings for every line of the request) and again when it ends.
      customProps: (_request: IncomingMessage, response: ServerResponse & { [TRACE_IDS_LOGGED]?: boolean }) => {
        if (settings.traceIds && !response[TRACE_IDS_LOGGED]) {
          response[TRACE_IDS_LOGGED] = true;
          return currentTraceIds();
        }
        const locals = (response as ServerResponse & { locals?: ResponseLocals }).locals;
        const route = locals?.route;
        return {
          ...(route ? { provider: route.provider, model: route.model } : {}),
          // Who the verified bearer token speaks for, or why a token was refused; never the token.
          ...(locals?.identity ? { identity: { sub: locals.identity.subject, client_id: locals.identity.clientId } } : {}),
          ...(locals?.authFailure ? { auth_failure: locals.authFailure } : {}),
        };
      },
      customLogLevel: (_request: IncomingMessage, response: ServerResponse, error?: Error) => {
        if (error || response.statusCode >= 500) return 'error';
        if (response.statusCode >= 400) return 'warn';
        return 'info';
      },
      customSuccessMessage: () => 'request completed',
      customErrorMessage: () => 'request failed',
  };
  if (stream) return { pinoHttp: [options, stream] };
  if (options.transport) return { pinoHttp: options };
  // Log lines are buffered and written in 4 KiB batches instead of one write(2) per line: the
  // request log is the largest cost per request otherwise. pino flushes the buffer on exit.
  return { pinoHttp: [options, pino.destination({ dest: 1, sync: false, minLength: 4096 })] };
}
