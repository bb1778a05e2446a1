import type { BoardDescription, GpioLineRef } from '../board';
import type { GpioInput, GpioOutput } from '../gpio';
import type { Hardware, HalLogger } from '../hardware';
import { SysfsLed, type Led } from '../led';
import type { Pmic } from '../pmic';
import { TtySerialLine, type SerialLine } from '../serial';
import type { GpiodMajor } from './gpiod-cli';
import { GpiodInputLine, GpiodOutputLine } from './gpiod-lines';
import type { SpiBusRef, SpiDevice } from '../spi';
import { RpioOutputLine, type RpioModule } from './rpio-output-line';
import { RpioSpiDevice, type RpioSpi } from './rpio-spi-device';
import { sttyConfigurer } from './stty';
import { VcgencmdPmic } from './vcgencmd-pmic';

/** The SoC's own GPIO bank: outputs there go through rpio (gpiomem), everything else through gpiod. */
const SOC_CHIP = 'gpiochip0';

export interface RealHardwareDeps {
  gpiod: GpiodMajor;
  /** Loads and initialises rpio on first use (only daemons driving SoC outputs need it). */
  rpio: () => RpioModule;
  /** rpio with the whole peripheral block (/dev/mem), which SPI needs. */
  rpioSpi: () => RpioSpi;
  logger: HalLogger;
}

/** The MAPIO board itself. */
export class RealHardware implements Hardware {
  readonly kind = 'real';
  /** One object per line: the kernel gives a line to one request, so two would fight over it. */
  private readonly lines = new Map<string, GpioInput | GpioOutput>();
  private pmicInstance: VcgencmdPmic | null = null;
  private readonly spiDevices: RpioSpiDevice[] = [];

  constructor(
    readonly board: BoardDescription,
    private readonly deps: RealHardwareDeps,
  ) {}

  input(ref: GpioLineRef, name: string): GpioInput {
    return this.line(ref, 'input', () => new GpiodInputLine(name, ref.chip, ref.line, this.deps.gpiod, this.deps.logger));
  }

  output(ref: GpioLineRef, name: string): GpioOutput {
    return this.line(ref, 'output', () =>
      ref.chip === SOC_CHIP
        ? new RpioOutputLine(name, ref.line, this.deps.rpio())
        : new GpiodOutputLine(name, ref.chip, ref.line, this.deps.gpiod, this.deps.logger),
    );
  }

  led(name: string): Led {
    return new SysfsLed(this.board.leds.root, name);
  }

  pmic(): Pmic {
    this.pmicInstance ??= new VcgencmdPmic();
    return this.pmicInstance;
  }

  serial(device: string): SerialLine {
    return new TtySerialLine(device, sttyConfigurer);
  }

  spi(ref: SpiBusRef, name: string): SpiDevice {
    const device = new RpioSpiDevice(name, ref, this.deps.rpioSpi);
    this.spiDevices.push(device);
    return device;
  }

  async close(): Promise<void> {
    for (const device of this.spiDevices.splice(0)) await device.close();
    const lines = [...this.lines.values()];
    this.lines.clear();
    for (const line of lines) await line.close();
  }

  private line<T extends GpioInput | GpioOutput>(ref: GpioLineRef, direction: 'input' | 'output', open: () => T): T {
    const key = `${direction} ${ref.chip}/${ref.line}`;
    const existing = this.lines.get(key);
    if (existing) return existing as T;
    const line = open();
    this.lines.set(key, line);
    return line;
  }
}
