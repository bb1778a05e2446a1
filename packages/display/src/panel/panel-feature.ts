import { Ssd1680, SpiTransport } from '@mapio/epd-waveshare';
import type { BoardSession } from '@mapio/hal';
import type { Feature, Logger } from '@mapio/runtime';
import { PanelScheduler } from './panel-scheduler';
import { RefreshPolicy, type RefreshPolicyOptions } from './refresh-policy';

export interface PanelOptions {
  refresh: RefreshPolicyOptions;
  /** How long shutdown waits for a refresh under way. */
  stopTimeoutMs?: number;
}

/**
 * The e-paper: the SSD1680 on the board's SPI device with DC / RST / BUSY on GPIO lines, all from
 * hal (on the simulated board, an emulated controller that writes `epd/current.png`).
 */
export class PanelFeature implements Feature {
  readonly name = 'e-paper';
  private transport: SpiTransport | null = null;
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

  start(): void {
    const hardware = this.board.hardware;
    const { epd } = hardware.board;
    this.transport = new SpiTransport(hardware.spi(epd.spi, 'EPD SPI'), {
      dc: hardware.output(epd.dc, 'EPD DC'),
      reset: hardware.output(epd.reset, 'EPD RST'),
      busy: hardware.input(epd.busy, 'EPD BUSY'),
    });
    this.queue = new PanelScheduler(new Ssd1680(this.transport), new RefreshPolicy(this.options.refresh), this.logger);
  }

  async stop(): Promise<void> {
    await this.queue?.stop(this.options.stopTimeoutMs ?? 1000);
    await this.transport?.close();
  }
}
