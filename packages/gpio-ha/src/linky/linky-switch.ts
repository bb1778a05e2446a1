import { stat, unwatchFile, watchFile, type Stats } from 'node:fs';
import { Disposer } from '@mapio/runtime';

export type LinkySwitchSetting = 'on' | 'off' | 'auto';

/** How often the enable file is looked at (a stat, no reading). */
const ENABLE_CHECK_MS = 3000;

/**
 * Whether Linky is on: fixed by MAPIO_LINKY=on|off, or with `auto` while the enable file exists
 * (Home Assistant's add-on creates it). Reports each change once.
 */
export class LinkySwitch {
  private readonly disposer = new Disposer();
  private on: boolean | null = null;

  constructor(
    private readonly setting: LinkySwitchSetting,
    private readonly enableFile: string,
    private readonly changed: (on: boolean, because: string) => void,
  ) {}

  start(): void {
    if (this.setting !== 'auto') {
      this.report(this.setting === 'on', `MAPIO_LINKY=${this.setting}`);
      return;
    }
    let watching = true;
    const follow = (stats: Stats | undefined) => {
      if (watching) this.report(stats?.isFile() === true, this.enableFile);
    };
    stat(this.enableFile, (error, stats) => follow(error ? undefined : stats));
    watchFile(this.enableFile, { interval: ENABLE_CHECK_MS, persistent: false }, (current) => follow(current));
    this.disposer.add(() => {
      watching = false;
      unwatchFile(this.enableFile);
    });
  }

  async stop(): Promise<void> {
    await this.disposer.dispose();
  }

  private report(on: boolean, because: string): void {
    if (on === this.on) return;
    this.on = on;
    this.changed(on, because);
  }
}
