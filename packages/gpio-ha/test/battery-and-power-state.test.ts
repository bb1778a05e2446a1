import { BatteryLevelHysteresis, batteryPercentFromVolts, LI_ION_DISCHARGE_CURVE, median } from '../src/power/battery-level';
import { powerStateFrom } from '../src/power/power-state';

describe('battery level from the Li-ion discharge curve', () => {
  it('is 0 % at 3.0 V and 100 % at 4.2 V, clamped outside', () => {
    expect(batteryPercentFromVolts(2.7)).toBe(0);
    expect(batteryPercentFromVolts(3.0)).toBe(0);
    expect(batteryPercentFromVolts(4.2)).toBe(100);
    expect(batteryPercentFromVolts(4.35)).toBe(100);
  });

  it('follows the flat middle of the curve rather than a straight line or the old 4 steps', () => {
    // A straight line 3.0 V -> 4.2 V would say 67 % at 3.8 V; a Li-ion cell is about half full there.
    expect(batteryPercentFromVolts(3.8)).toBe(50);
    expect(batteryPercentFromVolts(3.6)).toBe(10);
    expect(batteryPercentFromVolts(3.95)).toBe(77);
    // Between two points of the curve the level is interpolated, not stepped.
    expect(batteryPercentFromVolts(3.82)).toBe(55);
  });

  it('never decreases when the voltage rises', () => {
    let previous = -1;
    for (let mv = 2900; mv <= 4300; mv += 5) {
      const percent = batteryPercentFromVolts(mv / 1000);
      expect(percent).toBeGreaterThanOrEqual(previous);
      previous = percent;
    }
    expect(LI_ION_DISCHARGE_CURVE.at(-1)).toEqual([4.2, 100]);
  });
});

describe('median of the readings of one sample', () => {
  it('ignores one reading disturbed by a load step', () => {
    expect(median([3.81, 3.82, 3.41, 3.8, 3.83])).toBe(3.81);
    expect(median([3.8, 3.9])).toBeCloseTo(3.85);
    expect(() => median([])).toThrow(/median of nothing/);
  });
});

describe('battery level hysteresis', () => {
  it('does not flicker around a point of the curve, follows real changes, reports full and empty at once', () => {
    const level = new BatteryLevelHysteresis(3);
    expect([61, 62, 60, 62, 61].map((p) => level.update(p))).toEqual([61, 61, 61, 61, 61]);
    expect(level.update(58)).toBe(58);
    expect(level.update(99)).toBe(99);
    expect(level.update(100)).toBe(100);
    expect(level.update(98)).toBe(100);
    expect(level.update(0)).toBe(0);
  });
});

describe('power state from the charger lines and the battery', () => {
  const battery = (volts: number, percent: number) => ({ volts, percent });
  const mains = { acokN: 0, boostN: 1 } as const;
  const unplugged = { acokN: 1, boostN: 0 } as const;

  it('is charging on external power, charged once the cell is full', () => {
    expect(powerStateFrom(mains, battery(3.95, 77), null)).toBe('charging');
    expect(powerStateFrom(mains, battery(4.18, 99), 'charging')).toBe('charged');
  });

  it('stays charged until the cell clearly drops (no charged/charging flicker)', () => {
    expect(powerStateFrom(mains, battery(4.1, 93), 'charged')).toBe('charged');
    expect(powerStateFrom(mains, battery(4.1, 93), 'charging')).toBe('charging');
    expect(powerStateFrom(mains, battery(4.0, 83), 'charged')).toBe('charging');
  });

  it('is on battery when the mains adapter is gone or the boost converter runs, critical when nearly empty', () => {
    expect(powerStateFrom(unplugged, battery(3.8, 50), 'charging')).toBe('on_battery');
    expect(powerStateFrom({ acokN: 0, boostN: 0 }, battery(3.8, 50), null)).toBe('on_battery');
    expect(powerStateFrom({ acokN: 1, boostN: 1 }, battery(3.8, 50), null)).toBe('on_battery');
    expect(powerStateFrom(unplugged, battery(3.6, 10), 'on_battery')).toBe('critical');
  });

  it('is no_battery without a readable cell', () => {
    expect(powerStateFrom(mains, null, 'charging')).toBe('no_battery');
    expect(powerStateFrom(mains, battery(0.4, 0), null)).toBe('no_battery');
  });
});
