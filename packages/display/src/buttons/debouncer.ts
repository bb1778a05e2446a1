import type { ButtonName } from '@mapio/contracts';

/** Contacts bounce: a falling edge within `windowMs` of the last accepted one is the same press. */
export class Debouncer {
  private readonly lastAccepted = new Map<ButtonName, number>();

  constructor(private readonly windowMs: number) {}

  accept(button: ButtonName, atMs: number): boolean {
    const last = this.lastAccepted.get(button);
    if (last !== undefined && atMs - last < this.windowMs) return false;
    this.lastAccepted.set(button, atMs);
    return true;
  }
}
