import type { PageName } from '@mapio/contracts';
import { Disposer, type Feature, type Logger, type MqttBus } from '@mapio/runtime';

export interface CommandTarget {
  notify(message: string): void;
  choose(page: PageName): void;
}

/** What Home Assistant asks of the screen: show a message (notify), show a page (select). */
export class DisplayCommandsFeature implements Feature {
  readonly name = 'home-assistant-commands';
  private readonly disposer = new Disposer();

  constructor(
    private readonly bus: MqttBus,
    private readonly screens: CommandTarget,
    private readonly logger: Logger,
  ) {}

  start(): void {
    this.disposer.add(
      this.bus.subscribe('mapio/display/notify/set', (message) => {
        this.logger.info({ length: message.length }, 'notification received');
        this.screens.notify(message);
      }),
    );
    this.disposer.add(this.bus.subscribe('mapio/display/view/set', (page) => this.screens.choose(page)));
  }

  stop(): Promise<void> {
    return this.disposer.dispose();
  }
}
