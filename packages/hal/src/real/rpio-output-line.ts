import type { EventEmitter } from 'node:events';
import type Rpio from 'rpio';
import { errorMessage } from '@mapio/runtime';
import { HalError, type Bit, type GpioOutput } from '../gpio';

export type RpioModule = typeof Rpio;

export interface RpioInitOptions {
  /**
   * true: GPIO only, through /dev/gpiomem (no root needed). false: the whole peripheral block through
   * /dev/mem, which SPI needs (root or CAP_SYS_RAWIO).
   */
  gpiomem?: boolean;
  mock?: 'raspi-3';
}

/**
 * Initialises rpio once per process. rpio silently falls back to a mock board when it does not
 * recognise the hardware; on MAPIO that would make the relay or the e-paper a no-op, so it is
 * turned into an error.
 */
export function initRpio(rpio: RpioModule, options: RpioInitOptions = {}): RpioModule {
  const gpiomem = options.gpiomem ?? true;
  let fellBackToMock = false;
  const onWarn = (message: string) => {
    if (/auto-detect failed/i.test(message)) fellBackToMock = true;
  };
  const events = rpio as unknown as EventEmitter;
  events.on('warn', onWarn);
  try {
    rpio.init({ gpiomem, mapping: 'gpio', close_on_exit: false, ...(options.mock ? { mock: options.mock } : {}) });
  } finally {
    events.removeListener('warn', onWarn);
  }
  if (fellBackToMock) {
    const what = gpiomem ? 'drive GPIOs' : 'drive GPIOs and SPI';
    throw new HalError(`rpio: this is not a Raspberry Pi it recognises (it would only pretend to ${what})`);
  }
  return rpio;
}

let loaded: { rpio: RpioModule; gpiomem: boolean } | null = null;

/**
 * rpio, loaded on first use (a native addon only some daemons need) and initialised once for this
 * process in the mode asked: it cannot switch between /dev/gpiomem and /dev/mem afterwards.
 */
export function loadRpio(options: { gpiomem: boolean }): RpioModule {
  if (loaded) {
    if (loaded.gpiomem !== options.gpiomem) {
      throw new HalError(
        `rpio already initialised with ${loaded.gpiomem ? '/dev/gpiomem' : '/dev/mem'} in this process; ` +
          `cannot also use ${options.gpiomem ? '/dev/gpiomem' : '/dev/mem'}`,
      );
    }
    return loaded.rpio;
  }
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const rpio = initRpio(require('rpio') as RpioModule, options);
  loaded = { rpio, gpiomem: options.gpiomem };
  return rpio;
}

/** A SoC output line (e.g. the relay on BCM GPIO25) through rpio. Opening never changes its level. */
export class RpioOutputLine implements GpioOutput {
  private opened = false;

  constructor(
    readonly name: string,
    private readonly pin: number,
    private readonly rpio: RpioModule,
  ) {}

  async write(value: Bit): Promise<void> {
    this.open();
    this.rpio.write(this.pin, value === 1 ? this.rpio.HIGH : this.rpio.LOW);
  }

  async read(): Promise<Bit> {
    this.open();
    return this.rpio.read(this.pin) === 1 ? 1 : 0;
  }

  async close(): Promise<void> {
    // Leave the pin as it is: the relay must keep its state across daemon restarts.
    this.opened = false;
  }

  private open(): void {
    if (this.opened) return;
    try {
      // No initial value: switching the function to output keeps the latched level.
      this.rpio.open(this.pin, this.rpio.OUTPUT);
    } catch (error) {
      throw new HalError(`${this.name} (GPIO${this.pin}): cannot open through rpio: ${errorMessage(error)}`);
    }
    this.opened = true;
  }
}
