import { readFile } from 'node:fs/promises';
import { HalError } from '../gpio';
import type { Pmic } from '../pmic';

/** Battery voltage from `<simDir>/pmic/battery_volts` (e.g. `3.87`); empty or absent = no battery. */
export class SimPmic implements Pmic {
  constructor(private readonly file: string) {}

  async readBatteryVolts(): Promise<number | null> {
    let text: string;
    try {
      text = (await readFile(this.file, 'utf8')).trim();
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw error;
    }
    if (text === '') return null;
    const volts = Number(text);
    if (!Number.isFinite(volts) || volts < 0 || volts > 10) {
      throw new HalError(`${this.file}: expected a battery voltage in volts, read ${JSON.stringify(text.slice(0, 20))}`);
    }
    return volts;
  }
}
