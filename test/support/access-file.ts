import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A new API key as `--hash-key` makes them, and its hex SHA-256. */
export function newKey(): { key: string; sha256: string } {
  const key = `sk-gw-${randomBytes(32).toString('base64url')}`;
  return { key, sha256: createHash('sha256').update(key).digest('hex') };
}

export interface AccessFile {
  /** ACCESS_CONFIG_PATH */
  path: string;
  /** Replaces the file's content at once (written aside, then renamed over it, as editors and Secret mounts do). */
  write(yaml: string): void;
  remove(): void;
}

/** An access file in a directory of its own. */
export function accessFile(yaml: string): AccessFile {
  const directory = mkdtempSync(join(tmpdir(), 'gateway-access-'));
  const path = join(directory, 'access.yaml');
  let version = 0;
  const write = (text: string) => {
    const aside = join(directory, `.access.yaml.${++version}`);
    writeFileSync(aside, text);
    renameSync(aside, path);
  };
  write(yaml);
  return { path, write, remove: () => rmSync(directory, { recursive: true, force: true }) };
}

/** Waits for `condition` (polled), failing after `timeoutMs`. */
export async function eventually(condition: () => boolean | Promise<boolean>, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
