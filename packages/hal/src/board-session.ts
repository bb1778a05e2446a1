import type { BoardDescription } from './board';
import type { Hardware, HalLogger } from './hardware';
import { openHardware, type HardwareSelection } from './open-hardware';

/**
 * The board (real or simulated) as a daemon feature (`start`/`stop`, the runtime's Feature shape):
 * opened first, closed last; the other features reach it in their own start(), never before.
 */
export class BoardSession {
  readonly name = 'board';
  private opened: Hardware | null = null;

  constructor(
    private readonly selection: HardwareSelection,
    private readonly board: BoardDescription,
    private readonly logger: HalLogger,
  ) {}

  get hardware(): Hardware {
    if (!this.opened) throw new Error('the board is used before it was opened (feature order)');
    return this.opened;
  }

  async start(): Promise<void> {
    this.opened = await openHardware(this.selection, this.board, this.logger);
  }

  async stop(): Promise<void> {
    const hardware = this.opened;
    this.opened = null;
    await hardware?.close();
  }
}
