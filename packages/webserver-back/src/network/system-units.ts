import { execFile } from 'node:child_process';
import { errorMessage } from '@mapio/runtime';
import { DomainError } from '../domain-error';

export type UnitAction = 'start' | 'stop' | 'restart' | 'enable';

/** systemctl (MAPIO_SYSTEMCTL_COMMAND) through execFile: `<systemctl...> <action> <unit>`. */
export class SystemUnits {
  constructor(private readonly systemctl: readonly string[]) {}

  run(action: UnitAction, unit: string): Promise<void> {
    const [program, ...base] = this.systemctl;
    if (!program) return Promise.reject(new DomainError('unavailable', 'no systemctl command configured (MAPIO_SYSTEMCTL_COMMAND)'));
    return new Promise((resolve, reject) => {
      execFile(program, [...base, action, unit], { timeout: 60_000 }, (error, _stdout, stderr) => {
        if (error) {
          reject(new DomainError('unavailable', `systemctl ${action} ${unit} failed: ${stderr.trim() || errorMessage(error)}`, { dependency: unit, cause: error }));
          return;
        }
        resolve();
      });
    });
  }
}
