import type { Readable, Writable } from 'node:stream';
import { describeNewKey, hashApiKey } from './api-key.js';

/**
 * `--hash-key`: prints a new random key and its SHA-256. `--hash-key -` reads a key from standard
 * input instead and prints its SHA-256 only (never put a key on a command line: shells keep history).
 */
export async function hashKeyCommand(argv: readonly string[], input: Readable, output: Writable): Promise<void> {
  if (argv[argv.indexOf('--hash-key') + 1] !== '-') {
    output.write(describeNewKey());
    return;
  }
  let text = '';
  for await (const chunk of input) text += String(chunk);
  const key = text.trim();
  if (!key) throw new Error('--hash-key -: no key on standard input');
  output.write(`${hashApiKey(key)}\n`);
}
