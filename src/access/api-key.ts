import { createHash, randomBytes } from 'node:crypto';

/** What every key the gateway issues starts with, so secret scanners and people can tell one. */
export const KEY_PREFIX = 'sk-gw-';

/** A new random key: 32 bytes from the system's CSPRNG, base64url, after the prefix. */
export function generateApiKey(): string {
  return KEY_PREFIX + randomBytes(32).toString('base64url');
}

/** The hex SHA-256 of a key, as the access file lists it. */
export function hashApiKey(key: string): string {
  return createHash('sha256').update(key, 'utf8').digest('hex');
}

/** The SHA-256 of a key, as bytes. */
export function digestApiKey(key: string): Buffer {
  return createHash('sha256').update(key, 'utf8').digest();
}

/** The lines `--hash-key` prints: a new key, its hash, and the file entry that grants it. */
export function describeNewKey(key = generateApiKey()): string {
  const hash = hashApiKey(key);
  return [
    `key:    ${key}`,
    `sha256: ${hash}`,
    '',
    'Give the key to its user (it is shown only this once) and list its hash in the access file:',
    '  keys:',
    '    - name: <a name for logs, metrics and usage>',
    `      sha256: ${hash}`,
    '',
  ].join('\n');
}
