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
