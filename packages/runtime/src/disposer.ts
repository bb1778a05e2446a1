/**
 * What a feature must undo in `stop`: unsubscribes, timers, watchers, child processes. A feature
 * registers each as it creates it in `start`, and `stop` calls `dispose()` once: everything is undone
 * in reverse order, a failing cleanup does not keep the others from running (the first error is
 * thrown after all ran), and a second `dispose()` does nothing.
 */
export class Disposer {
  private cleanups: Array<() => unknown> = [];

  /** Registers a cleanup; returns it so the caller may also run it early (it then runs only once). */
  add(cleanup: () => unknown): () => void {
    let done = false;
    const once = () => {
      if (done) return undefined;
      done = true;
      return cleanup();
    };
    this.cleanups.push(once);
    return () => void once();
  }

  /** setTimeout that is cleared on dispose. */
  timeout(callback: () => void, ms: number): NodeJS.Timeout {
    const timer = setTimeout(callback, ms);
    this.add(() => clearTimeout(timer));
    return timer;
  }

  /** setInterval that is cleared on dispose. */
  interval(callback: () => void, ms: number): NodeJS.Timeout {
    const timer = setInterval(callback, ms);
    this.add(() => clearInterval(timer));
    return timer;
  }

  async dispose(): Promise<void> {
    const cleanups = this.cleanups.reverse();
    this.cleanups = [];
    let firstError: unknown = null;
    for (const cleanup of cleanups) {
      try {
        await cleanup();
      } catch (error) {
        firstError ??= error;
      }
    }
    if (firstError !== null) throw firstError;
  }
}
