/**
 * Runs tasks one after the other, in the order they were queued (two quick commands to the same
 * hardware or file must not interleave). Each caller gets its own task's result or error; a failed
 * task never blocks the ones after it. `drained()` waits for everything queued so far, for a clean stop.
 */
export class SerialQueue {
  private tail: Promise<unknown> = Promise.resolve();

  run<T>(task: () => Promise<T>): Promise<T> {
    const result = this.tail.then(task);
    this.tail = result.catch(() => undefined);
    return result;
  }

  async drained(): Promise<void> {
    await this.tail;
  }
}
