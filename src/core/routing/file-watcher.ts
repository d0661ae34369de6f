import { watch, type FSWatcher } from 'node:fs';
import { basename, dirname } from 'node:path';

/** Editors and ConfigMap updates write a file in several steps: wait for them to settle. */
const DEBOUNCE_MS = 200;

/**
 * Calls `changed` (debounced) when a file may have changed. It watches the file's directory, not
 * the file: an editor that saves by renaming, or a Kubernetes ConfigMap update (which swaps a
 * `..data` symlink beside the file), replaces the file and would end a watch on the file itself.
 * Any event in the directory counts; the caller compares the contents.
 */
export class FileWatcher {
  private readonly watcher: FSWatcher | undefined;
  private timer: NodeJS.Timeout | undefined;

  constructor(path: string, changed: () => void, failed: (error: Error) => void) {
    const name = basename(path);
    try {
      this.watcher = watch(dirname(path), { persistent: false }, (_event, file) => {
        if (file !== null && file !== name && !file.startsWith('..')) return;
        clearTimeout(this.timer);
        this.timer = setTimeout(changed, DEBOUNCE_MS);
      });
      this.watcher.on('error', failed);
    } catch (error) {
      failed(error as Error);
    }
  }

  close(): void {
    clearTimeout(this.timer);
    this.watcher?.close();
  }
}
