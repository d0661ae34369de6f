export const REDACTED = '[redacted]';

/** Shorter values are not treated as secrets: replacing them would mangle ordinary text. */
const MIN_SECRET_LENGTH = 8;

/**
 * Replaces every occurrence of the given secrets (provider keys) in text the gateway is about to
 * show: some providers quote the key they were sent in their error messages.
 */
export function redactSecrets(text: string, secrets: Iterable<string | undefined>): string {
  let redacted = text;
  for (const secret of secrets) {
    if (secret && secret.length >= MIN_SECRET_LENGTH && redacted.includes(secret)) redacted = redacted.split(secret).join(REDACTED);
  }
  return redacted;
}

/**
 * A provider's response headers without those that quote `secret` (some echo what they were
 * sent). The headers themselves when none does, which is every provider call but a hostile one.
 */
export function headersWithoutSecret<T>(headers: Readonly<Record<string, T>>, secret: string | undefined): Readonly<Record<string, T>> {
  if (!secret || secret.length < MIN_SECRET_LENGTH) return headers;
  const quotes = (value: T) => (Array.isArray(value) ? value.join(', ') : String(value)).includes(secret);
  let quoted = false;
  for (const name in headers) {
    if (quotes(headers[name])) {
      quoted = true;
      break;
    }
  }
  return quoted ? Object.fromEntries(Object.entries(headers).filter(([, value]) => !quotes(value))) : headers;
}

/** What of an upstream error message reaches a client: the provider's text, with secrets taken out first, then cut. */
export const MAX_ERROR_MESSAGE_LENGTH = 500;

/**
 * Takes the given secrets out of every field of an error the gateway is about to answer with
 * (message, param, code, header values), then cuts the message: cutting first could leave most of a
 * secret that straddled the cut.
 */
export function redactError(
  error: { message: string; param: string | null; code: string | null; headers: Record<string, string>; body?: string },
  secrets: readonly string[],
): void {
  const redact = (text: string) => redactSecrets(text, secrets);
  // An error relayed as the provider wrote it carries the provider's body too.
  if (typeof error.body === 'string') error.body = redact(error.body);
  const message = redact(error.message);
  error.message = message.length > MAX_ERROR_MESSAGE_LENGTH ? `${message.slice(0, MAX_ERROR_MESSAGE_LENGTH)}…` : message;
  if (error.param !== null) error.param = redact(error.param);
  if (error.code !== null) error.code = redact(error.code);
  error.headers = Object.fromEntries(Object.entries(error.headers).map(([name, value]) => [name, redact(value)]));
}
