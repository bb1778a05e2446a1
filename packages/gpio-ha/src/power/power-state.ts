import type { PowerStateName } from '@mapio/contracts';
import type { Bit } from '@mapio/hal';

export interface ChargerLines {
  /** CHG_ACOK_N: 0 = external power present. */
  acokN: Bit;
  /** CHG_BOOST_N: 0 = running on battery. */
  boostN: Bit;
}

/** Thresholds of the 1-cell pack: where "charged" starts and stops, what counts as critical. */
export const POWER_THRESHOLDS = {
  /** Below this the ADC reads an empty connector, not a cell. */
  noBatteryBelowVolts: 2.5,
  chargedFromVolts: 4.15,
  /** Back to "charging" only once the cell has clearly dropped (no charged/charging flicker). */
  chargingBelowVolts: 4.05,
  criticalAtPercent: 10,
} as const;

/**
 * charging / charged / on_battery / critical / no_battery from the charger lines and the smoothed
 * battery reading. `previous` gives the charged state its hysteresis.
 */
export function powerStateFrom(
  lines: ChargerLines,
  battery: { volts: number; percent: number } | null,
  previous: PowerStateName | null,
): PowerStateName {
  if (battery === null || battery.volts < POWER_THRESHOLDS.noBatteryBelowVolts) return 'no_battery';
  const onBattery = lines.boostN === 0 || lines.acokN === 1;
  if (onBattery) return battery.percent <= POWER_THRESHOLDS.criticalAtPercent ? 'critical' : 'on_battery';
  const threshold = previous === 'charged' ? POWER_THRESHOLDS.chargingBelowVolts : POWER_THRESHOLDS.chargedFromVolts;
  return battery.volts >= threshold ? 'charged' : 'charging';
}
