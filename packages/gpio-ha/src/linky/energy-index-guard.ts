/**
 * Keeps a Linky energy index honest before it reaches Home Assistant's Energy dashboard, where a
 * step backwards reads as a meter reset and a jump as a huge consumption. The group checksum is
 * only 6 bits: one corrupted group in 64 passes it, so a plausible value is required too.
 * - not digits: rejected;
 * - lower than the last accepted value: rejected;
 * - higher by more than `maxPowerW` could consume since the last accepted value: rejected;
 * - the first value after a start is accepted only once the next one confirms it.
 */
export interface IndexGuardLimits {
  /** Above any real consumption of a home connection (36 kVA three-phase) with a wide margin. */
  maxPowerW: number;
  /** Allowance on top, for rounding of the meter's own index between two frames. */
  slackWh: number;
}

export const DEFAULT_INDEX_LIMITS: IndexGuardLimits = { maxPowerW: 60_000, slackWh: 10 };

export type IndexVerdict =
  | { accepted: true; wh: number }
  | { accepted: false; reason: 'not a number' | 'decreasing' | 'implausible jump' | 'awaiting confirmation' };

interface Reading {
  wh: number;
  atMs: number;
}

export class EnergyIndexGuard {
  private last: Reading | null = null;
  private candidate: Reading | null = null;

  constructor(private readonly limits: IndexGuardLimits = DEFAULT_INDEX_LIMITS) {}

  get lastAcceptedWh(): number | null {
    return this.last?.wh ?? null;
  }

  check(value: string, atMs: number): IndexVerdict {
    const text = value.trim();
    if (!/^\d{1,15}$/.test(text)) return { accepted: false, reason: 'not a number' };
    const reading = { wh: Number(text), atMs };
    if (this.last === null) {
      const candidate = this.candidate;
      if (candidate && this.plausible(candidate, reading)) return this.accept(reading);
      this.candidate = reading;
      return { accepted: false, reason: 'awaiting confirmation' };
    }
    if (reading.wh < this.last.wh) return { accepted: false, reason: 'decreasing' };
    if (!this.plausible(this.last, reading)) return { accepted: false, reason: 'implausible jump' };
    return this.accept(reading);
  }

  private plausible(from: Reading, to: Reading): boolean {
    if (to.wh < from.wh) return false;
    const hours = Math.max(0, to.atMs - from.atMs) / 3_600_000;
    return to.wh - from.wh <= this.limits.slackWh + this.limits.maxPowerW * hours;
  }

  private accept(reading: Reading): IndexVerdict {
    this.last = reading;
    this.candidate = null;
    return { accepted: true, wh: reading.wh };
  }
}
