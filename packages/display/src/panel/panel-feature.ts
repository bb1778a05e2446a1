import {
  FAST_TIMING,
  REALISTIC_TIMING,
  RpioTransport,
  Ssd1680,
  Ssd1680Emulator,
  type Transport,
} from '@mapio/epd-waveshare';
import { loadRpio } from '@mapio/hal';
import type { Feature, Logger } from '@mapio/runtime';
import type { BoardSession } from '@mapio/hal';
import { PanelScheduler } from './panel-scheduler';
import { RefreshPolicy, type RefreshPolicyOptions } from './refresh-policy';
import { SimPanelFiles } from './sim-panel-files';

export interface PanelOptions {
  refresh: RefreshPolicyOptions;
  /** Simulation only: how fast the emulated panel is. */
  simTiming: 'realistic' | 'fast';
  /** How long shutdown waits for a refresh under way. */
  stopTimeoutMs?: number;
}

/**
 * The e-paper: on the board, the SSD1680 over SPI0 (rpio) with DC / RST / BUSY on the GPIO
 * expander; in simulation, the SSD1680 emulator writing `epd/current.png`.
 */
export class PanelFeature implements Feature {
  readonly name = 'e-paper';
  private transport: Transport | null = null;
  private files: SimPanelFiles | null = null;
  private queue: PanelScheduler | null = null;

  constructor(
    private readonly board: BoardSession,
    private readonly options: PanelOptions,
    private readonly logger: Logger,
  ) {}

  get scheduler(): PanelScheduler {
    if (!this.queue) throw new Error('the e-paper is used before it was started (feature order)');
    return this.queue;
  }

  async start(): Promise<void> {
    const hardware = this.board.hardware;
    const log = this.logger.child({ component: 'epd' });
    if (hardware.kind === 'sim') {
      const emulator = new Ssd1680Emulator({ timing: this.options.simTiming === 'fast' ? FAST_TIMING : REALISTIC_TIMING });
      const files = new SimPanelFiles(hardware.epdFrameDir ?? '', log);
      emulator.onFrame((frame) => files.accept(frame));
      this.files = files;
      this.transport = emulator;
    } else {
      const { epd } = hardware.board;
      if (epd.spi.bus !== 0) throw new Error(`e-paper on SPI${epd.spi.bus}: rpio drives SPI0 only`);
      this.transport = new RpioTransport(
        loadRpio({ gpiomem: false }),
        {
          dc: hardware.output(epd.dc, 'EPD DC'),
          reset: hardware.output(epd.reset, 'EPD RST'),
          busy: hardware.input(epd.busy, 'EPD BUSY'),
        },
        { chipSelect: epd.spi.chipSelect, clockHz: epd.spi.clockHz },
      );
    }
    this.queue = new PanelScheduler(new Ssd1680(this.transport), new RefreshPolicy(this.options.refresh), log);
  }

  async stop(): Promise<void> {
    await this.queue?.stop(this.options.stopTimeoutMs ?? 1000);
    await this.files?.flush();
    await this.transport?.close();
  }
}
