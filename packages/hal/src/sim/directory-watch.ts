import { watch, type FSWatcher } from 'node:fs';
import path from 'node:path';

/**
 * One inotify watch per directory, fanned out by file name: simulated inputs are files that people
 * rewrite with `echo`, sometimes by replacing them, so the directory is watched rather than the file.
 */
export class DirectoryWatch {
  private readonly watchers = new Map<string, { watcher: FSWatcher; callbacks: Map<string, Set<() => void>> }>();

  on(file: string, callback: () => void): () => void {
    const dir = path.dirname(file);
    const name = path.basename(file);
    let entry = this.watchers.get(dir);
    if (!entry) {
      const callbacks = new Map<string, Set<() => void>>();
      const watcher = watch(dir, { persistent: false }, (_event, changed) => {
        if (changed === null) return;
        for (const cb of callbacks.get(changed.toString()) ?? []) cb();
      });
      entry = { watcher, callbacks };
      this.watchers.set(dir, entry);
    }
    const set = entry.callbacks.get(name) ?? new Set();
    set.add(callback);
    entry.callbacks.set(name, set);
    const current = entry;
    return () => {
      set.delete(callback);
      if (set.size === 0) current.callbacks.delete(name);
      if (current.callbacks.size === 0) {
        current.watcher.close();
        this.watchers.delete(dir);
      }
    };
  }

  close(): void {
    for (const { watcher } of this.watchers.values()) watcher.close();
    this.watchers.clear();
  }
}
