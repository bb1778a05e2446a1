/**
 * A piece of a daemon with a lifecycle: the constructor only stores its dependencies, `start` registers
 * listeners / timers / subscriptions, `stop` removes them. Features start in order and stop in
 * reverse order.
 */
export interface Feature {
  readonly name: string;
  start(): void | Promise<void>;
  stop(): void | Promise<void>;
}
