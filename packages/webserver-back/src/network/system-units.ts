import { runCommand } from '../run-command';

export type UnitAction = 'start' | 'stop' | 'restart' | 'enable';

/** systemctl (MAPIO_SYSTEMCTL_COMMAND): `<systemctl...> <action> <unit>`. */
export class SystemUnits {
  constructor(private readonly systemctl: readonly string[]) {}

  async run(action: UnitAction, unit: string): Promise<void> {
    await runCommand(this.systemctl, [action, unit], { what: `systemctl ${action} ${unit}`, timeoutMs: 60_000 });
  }
}
