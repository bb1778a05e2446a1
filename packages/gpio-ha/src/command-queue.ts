/**
 * Applies commands one after the other, in the order they arrived (two quick commands to the same
 * hardware must not interleave); `drained()` waits for the one in progress, for a clean stop.
 */
export class CommandQueue<T> {
  private tail: Promise<void> = Promise.resolve();

  constructor(private readonly apply: (command: T) => Promise<void>) {}

  push(command: T): Promise<void> {
    this.tail = this.tail.then(() => this.apply(command));
    return this.tail;
  }

  drained(): Promise<void> {
    return this.tail;
  }
}
