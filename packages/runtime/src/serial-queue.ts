/** What a caller of `run` gets for a task that `stop()` dropped before it started. */
export class QueueStoppedError extends Error {
  constructor() {
    super('queue stopped: task dropped before it started');
    this.name = 'QueueStoppedError';
  }
}

/**
 * Runs tasks one after the other, in the order they were queued (two quick commands to the same
 * hardware or file must not interleave). Each caller gets its own task's result or error; a failed
 * task never blocks the ones after it. `drained()` waits for everything queued so far; `stop()` is
 * for a daemon that must stop now: what has not started is dropped, only the task running finishes.
 */
export class SerialQueue {
  private tail: Promise<unknown> = Promise.resolve();
  private stopped = false;
  /** Queued, not started yet. */
  private waiting = 0;

  run<T>(task: () => Promise<T>): Promise<T> {
    this.waiting += 1;
    const result = this.tail.then(() => {
      this.waiting -= 1;
      if (this.stopped) throw new QueueStoppedError();
      return task();
    });
    this.tail = result.catch(() => undefined);
    return result;
  }

  /**
   * For commands whose task deals with its own failures (a relay write logs and gives up): a command
   * dropped by `stop()` is no error for whoever sent it.
   */
  submit(task: () => Promise<void>): Promise<void> {
    return this.run(task).catch((error: unknown) => {
      if (!(error instanceof QueueStoppedError)) throw error;
    });
  }

  async drained(): Promise<void> {
    await this.tail;
  }

  /** Drops every task not started yet (and any queued later), waits for the one running; returns how many were dropped. */
  async stop(): Promise<number> {
    this.stopped = true;
    const dropped = this.waiting;
    await this.tail;
    return dropped;
  }
}
