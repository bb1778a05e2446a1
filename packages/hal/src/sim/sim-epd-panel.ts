import { FAST_TIMING, REALISTIC_TIMING, Ssd1680Emulator } from '@mapio/epd-waveshare';
import type { Bit } from '../gpio';
import type { HalLogger } from '../hardware';
import type { SimGpioLine } from './sim-gpio-line';
import { SimPanelFiles } from './sim-panel-files';

export type SimPanelTiming = 'realistic' | 'fast';

export interface SimEpdLines {
  dc: SimGpioLine;
  reset: SimGpioLine;
  busy: SimGpioLine;
}

/**
 * The e-paper of the simulated board: an SSD1680 emulator wired as the panel is. It reads each SPI
 * transfer as command bytes (DC low) or data (DC high), is reset by a low pulse on RST, drives the
 * BUSY line while it works, and writes what the glass shows under `epd/`.
 */
export class SimEpdPanel {
  readonly emulator: Ssd1680Emulator;
  readonly files: SimPanelFiles;
  private resetLow = false;
  private busyShown: Bit | null = null;
  /** BUSY writes in order: a late "high" must never overwrite the "low" that followed it. */
  private busyWrites: Promise<void> = Promise.resolve();
  private idleWatch: Promise<void> | null = null;
  private readonly stopResetWatch: () => void;

  constructor(
    private readonly lines: SimEpdLines,
    frameDir: string,
    timing: SimPanelTiming,
    private readonly logger: HalLogger,
  ) {
    this.emulator = new Ssd1680Emulator({ timing: timing === 'fast' ? FAST_TIMING : REALISTIC_TIMING });
    this.files = new SimPanelFiles(frameDir, logger);
    this.emulator.onFrame((frame) => this.files.accept(frame));
    this.stopResetWatch = lines.reset.onWrite((level) => this.onReset(level));
  }

  /** One SPI transfer, as the controller sees it. */
  async transfer(bytes: Uint8Array): Promise<void> {
    try {
      if (this.lines.dc.current === 0) for (const code of bytes) await this.emulator.command(code);
      else await this.emulator.data(bytes);
    } finally {
      await this.followBusy();
    }
  }

  async close(): Promise<void> {
    this.stopResetWatch();
    await this.idleWatch;
    await this.busyWrites;
    await this.files.flush();
  }

  private async onReset(level: Bit): Promise<void> {
    if (level === 0) {
      this.resetLow = true;
      return;
    }
    if (!this.resetLow) return;
    this.resetLow = false;
    // BUSY is high for the whole reset; the driver waits for it to fall before the next command.
    await this.setBusy(1);
    void this.emulator.reset().then(() => this.followBusy());
  }

  /** BUSY follows the emulator: high now if it works, low once it is done (not in deep sleep). */
  private async followBusy(): Promise<void> {
    const busy = this.emulator.busy;
    await this.setBusy(busy ? 1 : 0);
    if (!busy || this.emulator.sleeping || this.idleWatch) return;
    this.idleWatch = this.lowerBusyWhenIdle().catch((error: Error) => {
      this.logger.warn({ err: error.message }, 'simulated e-paper: cannot drive BUSY');
    });
  }

  private async lowerBusyWhenIdle(): Promise<void> {
    // Awaited first, so `idleWatch` is set before it is cleared.
    await this.emulator.waitIdle(60_000);
    while (this.emulator.busy && !this.emulator.sleeping) await this.emulator.waitIdle(60_000);
    this.idleWatch = null;
    await this.followBusy();
  }

  private setBusy(level: Bit): Promise<void> {
    this.busyWrites = this.busyWrites.then(async () => {
      if (this.busyShown === level) return;
      await this.lines.busy.write(level);
      this.busyShown = level;
    });
    return this.busyWrites;
  }
}
