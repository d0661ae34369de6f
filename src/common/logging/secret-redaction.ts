import type { Params } from 'nestjs-pino';
import type { Options } from 'pino-http';
import { redactSecrets } from '../errors/redact-secrets.js';

/**
 * Takes the given secrets (provider keys) out of every log line as it is written, whatever logged
 * it: upstream error messages that quote a key can reach a log through any code path.
 */
export function withSecretRedaction(params: Params, secrets: readonly string[]): Params {
  const present = secrets.filter(Boolean);
  if (present.length === 0 || !params.pinoHttp) return params;
  const [options, stream] = Array.isArray(params.pinoHttp) ? params.pinoHttp : [params.pinoHttp, undefined];
  const redacting: Options = {
    ...(options as Options),
    hooks: { ...(options as Options).hooks, streamWrite: (line: string) => redactSecrets(line, present) },
  };
  return { ...params, pinoHttp: stream ? [redacting, stream] : redacting };
}
