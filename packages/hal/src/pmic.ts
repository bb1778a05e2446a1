/** The power-management IC, as far as the daemons care: the battery voltage. */
export interface Pmic {
  /** Volts, or null when no battery is connected / readable. */
  readBatteryVolts(): Promise<number | null>;
}
