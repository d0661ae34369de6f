import type { Params } from 'nestjs-pino';
import type { Options } from 'pino-http';
import { redactSecrets } from '../errors/redact-secrets.js';

/** Secrets learnt while running (the pool keys a reloaded routing file names), redacted like the ones given at start. */
const learntSecrets = new Set<string>();

export function addLogSecrets(secrets: Iterable<string>): void {
  for (const secret of secrets) if (secret) learntSecrets.add(secret);
}

/**
 * Takes the given secrets (provider keys) out of every log line as it is written, whatever logged
 * it: upstream error messages that quote a key can reach a log through any code path.
 */
export function withSecretRedaction(params: Params, secrets: readonly string[]): Params {
  const present = secrets.filter(Boolean);
  if (!params.pinoHttp) return params;
  const [options, stream] = Array.isArray(params.pinoHttp) ? params.pinoHttp : [params.pinoHttp, undefined];
  const redacting: Options = {
    ...(options as Options),
    hooks: {
      ...(options as Options).hooks,
      streamWrite: (line: string) => {
        const redacted = present.length > 0 ? redactSecrets(line, present) : line;
        return learntSecrets.size > 0 ? redactSecrets(redacted, learntSecrets) : redacted;
      },
    },
  };
  return { ...params, pinoHttp: stream ? [redacting, stream] : redacting };
}
