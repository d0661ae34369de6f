import type { NestApplicationOptions } from '@nestjs/common';
import { readFileSync } from 'node:fs';
import type { ServerOptions } from 'node:https';
import { ConfigError } from '../../config/env-parsers.js';
import type { TlsConfig } from '../../config/tls.config.js';

/** The HTTPS server options for SERVER_TLS_CERT_PATH / SERVER_TLS_KEY_PATH: PEM files, TLS 1.2 or newer. */
export function toHttpsOptions(config: TlsConfig): NestApplicationOptions['httpsOptions'] {
  const options: ServerOptions = {
    cert: readPem(config.certPath ?? '', 'SERVER_TLS_CERT_PATH'),
    key: readPem(config.keyPath ?? '', 'SERVER_TLS_KEY_PATH'),
    minVersion: 'TLSv1.2',
  };
  return options as NestApplicationOptions['httpsOptions']; // Nest passes them to https.createServer as they are
}

function readPem(path: string, variable: string): Buffer {
  try {
    return readFileSync(path);
  } catch (error) {
    throw new ConfigError(variable, `cannot read ${path} (${(error as NodeJS.ErrnoException).code ?? 'unreadable'})`);
  }
}
