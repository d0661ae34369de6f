import { watch, watchFile, unwatchFile, type FSWatcher } from 'node:fs';
import { basename, dirname } from 'node:path';

/** How often the file's status is polled, for mounts where change events do not arrive (Kubernetes Secrets swap a symlink). */
const POLL_INTERVAL_MS = 2_000;
/** Editors write a file in several steps: changes are read this long after the last event. */
const SETTLE_MS = 100;

/**
 * Calls `onChange` soon after a file changes: on the directory's change events (at once) and on a
 * status poll (a fallback that sees a Secret's symlink swap). The callers read the file again and
 * compare, so a spurious call costs one read.
 */
export function watchConfigFile(path: string, onChange: () => void): () => void {
  let timer: NodeJS.Timeout | undefined;
  const changed = () => {
    clearTimeout(timer);
    timer = setTimeout(onChange, SETTLE_MS).unref();
  };
  let watcher: FSWatcher | undefined;
  try {
    const name = basename(path);
    watcher = watch(dirname(path), { persistent: false }, (_event, file) => {
      if (file === null || file === name || file.startsWith('..')) changed();
    });
    watcher.on('error', () => watcher?.close());
  } catch {
    // No change events here: the poll alone notices changes.
  }
  watchFile(path, { interval: POLL_INTERVAL_MS, persistent: false }, changed);
  return () => {
    clearTimeout(timer);
    watcher?.close();
    unwatchFile(path, changed);
  };
}
