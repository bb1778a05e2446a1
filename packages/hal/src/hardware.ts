import type { BoardDescription, GpioLineRef } from './board';
import type { Bit, GpioInput, GpioOutput } from './gpio';
import { RgbLed, type Led } from './led';
import type { Pmic } from './pmic';
import type { SerialLine } from './serial';
import type { SpiBusRef, SpiDevice } from './spi';

/** Everything a daemon may touch on the board, real or simulated. */
export interface Hardware {
  readonly kind: 'real' | 'sim';
  readonly board: BoardDescription;
  input(line: GpioLineRef, name: string): GpioInput;
  /** Opening never changes the level (a restart must not toggle the relay). */
  output(line: GpioLineRef, name: string): GpioOutput;
  led(name: string): Led;
  pmic(): Pmic;
  serial(path: string): SerialLine;
  /** A device on an SPI bus (the e-paper on SPI0 CE0); nothing is touched before the first write. */
  spi(bus: SpiBusRef, name: string): SpiDevice;
  close(): Promise<void>;
}

/** Minimal logger shape (pino-compatible) so hal does not depend on the runtime package. */
export interface HalLogger {
  warn(object: object, message: string): void;
  debug(object: object, message: string): void;
}

export function rgbLed(hardware: Hardware, name: string): RgbLed {
  return new RgbLed(name, hardware.led(`${name}_R`), hardware.led(`${name}_G`), hardware.led(`${name}_B`));
}

export type { Bit };
