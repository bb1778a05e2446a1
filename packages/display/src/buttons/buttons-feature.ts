import { ButtonName } from '@mapio/contracts';
import { Disposer, type Feature, type Logger } from '@mapio/runtime';
import type { BoardSession } from '@mapio/hal';
import { Debouncer } from './debouncer';

/** UP / DOWN / MID: falling edges (the buttons pull the line low), debounced. */
export class ButtonsFeature implements Feature {
  readonly name = 'buttons';
  private readonly disposer = new Disposer();

  constructor(
    private readonly board: BoardSession,
    private readonly debounceMs: number,
    private readonly onPress: (button: ButtonName) => void,
    private readonly logger: Logger,
  ) {}

  start(): void {
    const hardware = this.board.hardware;
    const debouncer = new Debouncer(this.debounceMs);
    for (const button of ButtonName.options) {
      const line = hardware.input(hardware.board.buttons[button], `button ${button.toUpperCase()}`);
      this.disposer.add(
        line.watch('falling', (event) => {
          if (!debouncer.accept(button, event.atMs)) return;
          this.logger.debug({ button }, 'button pressed');
          this.onPress(button);
        }),
      );
    }
  }

  stop(): Promise<void> {
    return this.disposer.dispose();
  }
}
