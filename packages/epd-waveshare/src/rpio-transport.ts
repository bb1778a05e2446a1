import type { Transport } from './transport';

export type Level = 0 | 1;

/** An output line (hal's GpioOutput satisfies it). */
export interface OutputPin {
  write(value: Level): Promise<void>;
}

/** An input line (hal's GpioInput satisfies it). With `watch`, BUSY is awaited by its falling edge. */
export interface InputPin {
  read(): Promise<Level>;
  watch?(edges: 'falling', listener: () => void): () => void;
}

/** The part of rpio's API this transport uses; rpio must be initialised with /dev/mem (gpiomem: false). */
export interface RpioSpi {
  spiBegin(): void;
  spiChipSelect(cs: number): void;
  spiSetCSPolarity(cs: number, active: number): void;
  spiSetClockDivider(divider: number): void;
  spiSetDataMode(mode: number): void;
  spiWrite(buffer: Buffer, length: number): void;
  spiEnd(): void;
  readonly LOW: number;
}

export interface RpioTransportOptions {
  chipSelect: number;
  clockHz: number;
  /** SPI core clock the divider applies to (the CM4's VPU core clock). */
  coreClockHz?: number;
  /** How often BUSY is read while waiting, for a pin without edge events (or edges missed). */
  busyPollMs?: number;
}

/** The CM4 runs its core (and so the SPI block) at 500 MHz. */
export const CM4_CORE_CLOCK_HZ = 500_000_000;

/** The SPI0 clock divider: even, and never faster than `targetHz`. */
export function spiClockDivider(coreClockHz: number, targetHz: number): number {
  const divider = Math.ceil(coreClockHz / targetHz);
  return Math.min(65536, Math.max(2, divider + (divider % 2)));
}

/**
 * The panel on the board: SPI0 (mode 0, write only) through rpio, DC / RST / BUSY through GPIO lines.
 * DC is only switched when it changes, so a RAM plane goes out as one 4000-byte SPI write.
 */
export class RpioTransport implements Transport {
  private opened = false;
  private dc: Level | null = null;

  constructor(
    private readonly rpio: RpioSpi,
    private readonly pins: { dc: OutputPin; reset: OutputPin; busy: InputPin },
    private readonly options: RpioTransportOptions,
  ) {}

  async reset(): Promise<void> {
    await this.pins.reset.write(1);
    await delay(20);
    await this.pins.reset.write(0);
    await delay(2);
    await this.pins.reset.write(1);
    await delay(20);
  }

  async command(code: number): Promise<void> {
    await this.setDc(0);
    this.write(Buffer.from([code]));
  }

  async data(bytes: Uint8Array): Promise<void> {
    await this.setDc(1);
    this.write(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  }

  /**
   * Resolves true once BUSY is low, false after timeoutMs. The falling edge wakes us at once (on the
   * board a watched line is followed by gpiomon, so reading it spawns nothing); a slow poll remains
   * as a safety net against a missed edge.
   */
  async waitIdle(timeoutMs: number): Promise<boolean> {
    const deadline = performance.now() + timeoutMs;
    let wake: (() => void) | null = null;
    const unwatch = this.pins.busy.watch?.('falling', () => wake?.());
    const pollMs = unwatch ? Math.max(100, this.options.busyPollMs ?? 10) : (this.options.busyPollMs ?? 10);
    try {
      for (;;) {
        if ((await this.pins.busy.read()) === 0) return true;
        const left = deadline - performance.now();
        if (left <= 0) return false;
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, Math.min(pollMs, Math.max(1, left)));
          wake = () => {
            clearTimeout(timer);
            resolve();
          };
        });
        wake = null;
      }
    } finally {
      unwatch?.();
    }
  }

  async close(): Promise<void> {
    if (!this.opened) return;
    this.opened = false;
    this.rpio.spiEnd();
  }

  private write(buffer: Buffer): void {
    this.open();
    this.rpio.spiWrite(buffer, buffer.length);
  }

  private open(): void {
    if (this.opened) return;
    const { chipSelect, clockHz, coreClockHz = CM4_CORE_CLOCK_HZ } = this.options;
    this.rpio.spiBegin();
    this.rpio.spiChipSelect(chipSelect);
    this.rpio.spiSetCSPolarity(chipSelect, this.rpio.LOW);
    this.rpio.spiSetClockDivider(spiClockDivider(coreClockHz, clockHz));
    this.rpio.spiSetDataMode(0);
    this.opened = true;
  }

  private async setDc(level: Level): Promise<void> {
    if (this.dc === level) return;
    await this.pins.dc.write(level);
    this.dc = level;
  }
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
