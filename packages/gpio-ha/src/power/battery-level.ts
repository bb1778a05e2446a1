/**
 * Battery level of MAPIO's 1-cell Li-ion pack from its voltage (docs/hardware.md: about 4.2 V full,
 * 3.0 V empty). A Li-ion discharge curve is flat in the middle and steep at both ends, so a
 * straight line (or the old 4 steps) would be off by tens of percent; points in between are
 * interpolated linearly.
 */
export const LI_ION_DISCHARGE_CURVE: ReadonlyArray<readonly [volts: number, percent: number]> = [
  [3.0, 0],
  [3.3, 2],
  [3.45, 5],
  [3.6, 10],
  [3.68, 20],
  [3.73, 30],
  [3.77, 40],
  [3.8, 50],
  [3.84, 60],
  [3.9, 70],
  [3.97, 80],
  [4.06, 90],
  [4.2, 100],
];

export function batteryPercentFromVolts(volts: number): number {
  const curve = LI_ION_DISCHARGE_CURVE;
  const [firstVolts, firstPercent] = curve[0] ?? [0, 0];
  if (volts <= firstVolts) return firstPercent;
  for (let i = 1; i < curve.length; i++) {
    const [v1, p1] = curve[i] ?? [0, 0];
    const [v0, p0] = curve[i - 1] ?? [0, 0];
    if (volts <= v1) return Math.round(p0 + ((volts - v0) / (v1 - v0)) * (p1 - p0));
  }
  return 100;
}

/** The middle value: one sample disturbed by a load step (relay, Wi-Fi burst) does not count. */
export function median(values: readonly number[]): number {
  if (values.length === 0) throw new Error('median of nothing');
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? (sorted[middle] ?? 0) : ((sorted[middle - 1] ?? 0) + (sorted[middle] ?? 0)) / 2;
}

/**
 * The published level moves only when the measured one is `band` points away from it, so a voltage
 * hovering around a point of the curve does not make the level flicker 61-62-61. Full and empty are
 * reported as soon as they are measured.
 */
export class BatteryLevelHysteresis {
  private level: number | null = null;

  constructor(private readonly band = 3) {}

  update(measured: number): number {
    if (this.level === null || measured === 0 || measured === 100 || Math.abs(measured - this.level) >= this.band) {
      this.level = measured;
    }
    return this.level;
  }

  reset(): void {
    this.level = null;
  }
}
