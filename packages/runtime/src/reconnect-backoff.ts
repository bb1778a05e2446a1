/** Capped exponential backoff with ±20 % jitter, so many clients do not retry in lockstep. */
export class ReconnectBackoff {
  attempts = 0;

  constructor(
    private readonly minMs: number,
    private readonly maxMs: number,
    private readonly random: () => number = Math.random,
  ) {}

  next(): number {
    const base = Math.min(this.maxMs, this.minMs * 2 ** this.attempts);
    this.attempts += 1;
    const jitter = 1 + (this.random() * 0.4 - 0.2);
    return Math.round(Math.min(this.maxMs, base * jitter));
  }

  reset(): void {
    this.attempts = 0;
  }
}
