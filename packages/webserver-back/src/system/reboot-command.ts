import type { Logger } from '@mapio/runtime';
import { runCommand } from '../run-command';

/**
 * Reboots the device with MAPIO_REBOOT_COMMAND (no shell), after a short delay so
 * the client that asked (or the page following an update) gets its answer first.
 */
export class RebootCommand {
  private pending: Promise<void> | null = null;

  constructor(
    private readonly command: readonly string[],
    private readonly delayMs: number,
    private readonly logger: Logger,
  ) {}

  get scheduled(): boolean {
    return this.pending !== null;
  }

  /** Resolves once the command ran (the device is then going down); rejects with what it printed. */
  schedule(reason: string): Promise<void> {
    this.pending ??= this.runAfterDelay(reason).finally(() => {
      this.pending = null;
    });
    return this.pending;
  }

  private async runAfterDelay(reason: string): Promise<void> {
    this.logger.info({ reason, delayMs: this.delayMs, command: this.command }, 'reboot scheduled');
    await new Promise((resolve) => setTimeout(resolve, this.delayMs));
    await runCommand(this.command, [], { what: 'the reboot command', timeoutMs: 60_000 });
    this.logger.info({ reason }, 'reboot command ran');
  }
}
