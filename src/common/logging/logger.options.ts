import type { Writable } from 'node:stream';
import type { Params } from 'nestjs-pino';
import { pino } from 'pino';
import type { Options } from 'pino-http';
import type { LoggingConfig } from '../../config/logging.config.js';
import type { ServerConfig } from '../../config/server.config.js';

/** The longest a log line waits in the write buffer. */
const FLUSH_INTERVAL_MS = 1_000;

/**
 * The application's pino logger (nestjs-pino's). Request lines are written by the gateway's own
 * request log (`request-log.ts`), so nestjs-pino mounts no middleware at all (`useExisting` and no
 * routes). Only chosen fields are logged; the redact list is a second line of defence for anything
 * logged by hand.
 */
export function loggerOptions(server: ServerConfig, stream: Writable | undefined, level: LoggingConfig['level']): Params {
  const options: Options = {
    level,
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
    serializers: { err: (error: Error) => ({ type: error.name, message: error.message }) },
  };
  if (stream) return { pinoHttp: [options, stream], useExisting: true, forRoutes: [] };
  if (options.transport) return { pinoHttp: options, useExisting: true, forRoutes: [] };
  // Lines are buffered and written in 4 KiB batches instead of one write(2) per line, and at least
  // once a second; pino flushes the buffer on exit.
  const destination = pino.destination({ dest: 1, sync: false, minLength: 4096, periodicFlush: FLUSH_INTERVAL_MS });
  return { pinoHttp: [options, destination], useExisting: true, forRoutes: [] };
}
