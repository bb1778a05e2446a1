import { HalError } from '../gpio';
import type { Pmic } from '../pmic';
import { runTool } from './run-tool';

/** The two PMICs MAPIO boards carry, told apart by register 0 (docs/hardware.md). */
export type PmicModel = 'MXL7704' | 'DA9090';

const MODELS: Record<PmicModel, { register: number; voltsPerUnit: number }> = {
  MXL7704: { register: 0x1d, voltsPerUnit: 2 / 100 },
  DA9090: { register: 0x13, voltsPerUnit: 4 / 100 },
};

/** `vcgencmd pmicrd <reg>` prints a line whose third field is the register value in hex. */
export function parsePmicRegister(output: string): number {
  const field = output.trim().split(/\s+/)[2];
  if (field === undefined || !/^(0x)?[0-9a-f]{1,4}$/i.test(field)) {
    throw new HalError(`vcgencmd pmicrd: unexpected output ${JSON.stringify(output.trim().slice(0, 60))}`);
  }
  return Number.parseInt(field.replace(/^0x/i, ''), 16);
}

export function pmicModelFromId(id: number): PmicModel {
  return id === 0xa0 ? 'MXL7704' : 'DA9090';
}

export function batteryVoltsFromRegister(model: PmicModel, value: number): number {
  return Math.round(value * MODELS[model].voltsPerUnit * 1000) / 1000;
}

/** Reads the battery through the VideoCore firmware (`vcgencmd pmicrd`). */
export class VcgencmdPmic implements Pmic {
  private model: PmicModel | null = null;

  constructor(private readonly vcgencmd = 'vcgencmd') {}

  async readBatteryVolts(): Promise<number | null> {
    this.model ??= pmicModelFromId(await this.readRegister(0));
    const volts = batteryVoltsFromRegister(this.model, await this.readRegister(MODELS[this.model].register));
    // Below 1 V the ADC is reading an empty connector, not a cell.
    return volts < 1 ? null : volts;
  }

  get detectedModel(): PmicModel | null {
    return this.model;
  }

  private async readRegister(register: number): Promise<number> {
    const argument = `0x${register.toString(16)}`;
    return parsePmicRegister(await runTool(this.vcgencmd, ['pmicrd', argument], `vcgencmd pmicrd ${argument}`));
  }
}
