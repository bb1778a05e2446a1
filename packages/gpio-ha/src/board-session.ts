import { openHardware, type BoardDescription, type Hardware, type HardwareSelection } from '@mapio/hal';
import type { Feature, Logger } from '@mapio/runtime';

/**
 * The board (real or simulated) for the other features: opened first, closed last. Features reach
 * it in their own start(), never in a constructor.
 */
export class BoardSession implements Feature {
  readonly name = 'hardware';
  private opened: Hardware | null = null;

  constructor(
    private readonly selection: HardwareSelection,
    private readonly board: BoardDescription,
    private readonly logger: Logger,
  ) {}

  get hardware(): Hardware {
    if (!this.opened) throw new Error('the hardware is used before the hardware feature started');
    return this.opened;
  }

  async start(): Promise<void> {
    this.opened = await openHardware(this.selection, this.board, this.logger);
    this.logger.info({ hardware: this.opened.kind, ...(this.selection.hardware === 'sim' ? { simDir: this.selection.simDir } : {}) }, 'board opened');
  }

  async stop(): Promise<void> {
    const hardware = this.opened;
    this.opened = null;
    await hardware?.close();
  }
}
