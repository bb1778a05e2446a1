import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { errorMessage } from '@mapio/runtime';
import { HalError, parseBit, type Bit } from './gpio';

export type LedTrigger = 'none' | 'timer';

/** One colour of one LED: a sysfs class LED (`<root>/<name>/brightness` and `trigger`). */
export interface Led {
  readonly name: string;
  setBrightness(value: Bit): Promise<void>;
  setTrigger(trigger: LedTrigger): Promise<void>;
  read(): Promise<{ brightness: Bit; trigger: LedTrigger | string }>;
}

/**
 * A sysfs LED. The simulation uses the same class on a directory of plain files with the same
 * layout, so the code path writing a real LED is the one tested.
 */
export class SysfsLed implements Led {
  constructor(
    private readonly root: string,
    readonly name: string,
  ) {}

  async setBrightness(value: Bit): Promise<void> {
    await this.write('brightness', String(value));
  }

  async setTrigger(trigger: LedTrigger): Promise<void> {
    await this.write('trigger', trigger);
  }

  async read(): Promise<{ brightness: Bit; trigger: string }> {
    const brightnessFile = path.join(this.root, this.name, 'brightness');
    const raw = await readFile(brightnessFile, 'utf8');
    // sysfs brightness may be 0..max_brightness; any non-zero value is "on".
    const brightness = parseBit(raw.trim() === '0' ? '0' : '1', brightnessFile);
    const triggers = await readFile(path.join(this.root, this.name, 'trigger'), 'utf8');
    // Real sysfs lists every trigger and brackets the active one: "none [timer] heartbeat".
    const active = /\[([^\]]+)\]/.exec(triggers)?.[1] ?? triggers.trim();
    return { brightness, trigger: active };
  }

  private async write(attribute: string, value: string): Promise<void> {
    const file = path.join(this.root, this.name, attribute);
    try {
      await writeFile(file, value);
    } catch (error) {
      throw new HalError(`LED ${this.name}: cannot write ${value} to ${file}: ${errorMessage(error)}`);
    }
  }
}

export interface RgbBits {
  r: Bit;
  g: Bit;
  b: Bit;
}

export const LED_COLOURS = {
  off: { r: 0, g: 0, b: 0 },
  red: { r: 1, g: 0, b: 0 },
  green: { r: 0, g: 1, b: 0 },
  blue: { r: 0, g: 0, b: 1 },
  orange: { r: 1, g: 1, b: 0 },
} as const satisfies Record<string, RgbBits>;

/** An RGB LED made of three sysfs LEDs `<name>_R`, `<name>_G`, `<name>_B`. */
export class RgbLed {
  constructor(
    readonly name: string,
    private readonly red: Led,
    private readonly green: Led,
    private readonly blue: Led,
  ) {}

  /** Sets each colour; `blink` uses the kernel `timer` trigger on the lit colours. */
  async show(colour: RgbBits, blink = false): Promise<void> {
    const channels: Array<[Led, Bit]> = [
      [this.red, colour.r],
      [this.green, colour.g],
      [this.blue, colour.b],
    ];
    for (const [led, on] of channels) {
      // Writing brightness 0 also removes a trigger in the kernel; set the trigger last.
      await led.setTrigger('none');
      await led.setBrightness(on);
      if (on === 1 && blink) await led.setTrigger('timer');
    }
  }
}
