import type { BoardDescription, GpioLineRef } from '../board';
import type { GpioInput, GpioOutput } from '../gpio';
import type { Hardware, HalLogger } from '../hardware';
import { SysfsLed, type Led } from '../led';
import type { Pmic } from '../pmic';
import { TtySerialLine, type SerialLine } from '../serial';
import type { GpiodMajor } from './gpiod-cli';
import { GpiodInputLine, GpiodOutputLine } from './gpiod-lines';
import { RpioOutputLine, type RpioModule } from './rpio-output-line';
import { sttyConfigurer } from './stty';
import { VcgencmdPmic } from './vcgencmd-pmic';

/** The SoC's own GPIO bank: outputs there go through rpio (gpiomem), everything else through gpiod. */
const SOC_CHIP = 'gpiochip0';

export interface RealHardwareDeps {
  gpiod: GpiodMajor;
  /** Loads and initialises rpio on first use (only daemons driving SoC outputs need it). */
  rpio: () => RpioModule;
  logger: HalLogger;
}

/** The MAPIO board itself. */
export class RealHardware implements Hardware {
  readonly kind = 'real';
  readonly epdFrameDir = null;
  private readonly opened: Array<GpioInput | GpioOutput> = [];
  private pmicInstance: VcgencmdPmic | null = null;

  constructor(
    readonly board: BoardDescription,
    private readonly deps: RealHardwareDeps,
  ) {}

  input(ref: GpioLineRef, name: string): GpioInput {
    return this.track(new GpiodInputLine(name, ref.chip, ref.line, this.deps.gpiod, this.deps.logger));
  }

  output(ref: GpioLineRef, name: string): GpioOutput {
    const line =
      ref.chip === SOC_CHIP
        ? new RpioOutputLine(name, ref.line, this.deps.rpio())
        : new GpiodOutputLine(name, ref.chip, ref.line, this.deps.gpiod, this.deps.logger);
    return this.track(line);
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

  async close(): Promise<void> {
    for (const line of this.opened.splice(0)) await line.close();
  }

  private track<T extends GpioInput | GpioOutput>(line: T): T {
    this.opened.push(line);
    return line;
  }
}
