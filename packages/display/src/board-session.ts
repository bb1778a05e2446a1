import { mapioBoard, openHardware, type Hardware, type HardwareSelection } from '@mapio/hal';
import type { Feature, Logger } from '@mapio/runtime';

/** The board (real or simulated), opened once for the features that need it. */
export class BoardSession implements Feature {
  readonly name = 'board';
  private opened: Hardware | null = null;

  constructor(
    private readonly selection: HardwareSelection,
    private readonly logger: Logger,
  ) {}

  get hardware(): Hardware {
    if (!this.opened) throw new Error('the board is used before it was opened (feature order)');
    return this.opened;
  }

  async start(): Promise<void> {
    this.opened = await openHardware(this.selection, mapioBoard, this.logger.child({ component: 'hal' }));
  }

  async stop(): Promise<void> {
    await this.opened?.close();
    this.opened = null;
  }
}
