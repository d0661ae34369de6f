import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

/**
 * The gateway's version, from its package.json (three folders up from this file, in `src/` and in
 * `dist/` alike; the container image keeps package.json beside `dist/` too).
 */
export function readGatewayVersion(): string {
  try {
    const manifest = JSON.parse(readFileSync(resolve(import.meta.dirname, '../../../package.json'), 'utf8')) as { version?: unknown };
    return typeof manifest.version === 'string' ? manifest.version : 'unknown';
  } catch {
    return 'unknown';
  }
}
