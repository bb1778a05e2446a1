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

/** The panel's SPI device (hal's SpiDevice satisfies it): mode 0, write only, one transfer per call. */
export interface SpiWriter {
  write(bytes: Uint8Array): Promise<void>;
  close(): Promise<void>;
}

export interface SpiTransportOptions {
  /** How often BUSY is read while waiting, for a pin without edge events (or edges missed). */
  busyPollMs?: number;
}

/**
 * The panel as it is wired: an SPI device for the bytes, DC / RST / BUSY as GPIO lines (hal gives
 * both, for the board or its simulation). DC is only switched when it changes, so a RAM plane goes
 * out as one 4000-byte SPI write.
 */
export class SpiTransport implements Transport {
  private dc: Level | null = null;

  constructor(
    private readonly spi: SpiWriter,
    private readonly pins: { dc: OutputPin; reset: OutputPin; busy: InputPin },
    private readonly options: SpiTransportOptions = {},
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
    await this.spi.write(Uint8Array.of(code));
  }

  async data(bytes: Uint8Array): Promise<void> {
    await this.setDc(1);
    await this.spi.write(bytes);
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
    await this.spi.close();
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
