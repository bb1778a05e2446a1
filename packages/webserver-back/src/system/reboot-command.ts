import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { errorMessage, type Logger } from '@mapio/runtime';
import { DomainError } from '../domain-error';

const run = promisify(execFile);

/**
 * Reboots the device with MAPIO_REBOOT_COMMAND (execFile, argument array), after a short delay so
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
    const [program, ...args] = this.command;
    if (!program) throw new DomainError('unavailable', 'no reboot command configured (MAPIO_REBOOT_COMMAND)');
    this.logger.info({ reason, delayMs: this.delayMs, command: this.command }, 'reboot scheduled');
    await new Promise((resolve) => setTimeout(resolve, this.delayMs));
    try {
      await run(program, args, { timeout: 60_000 });
    } catch (error) {
      const stderr = (error as { stderr?: string }).stderr?.trim();
      throw new DomainError('unavailable', `the reboot command failed: ${stderr || errorMessage(error)}`, { dependency: program, cause: error });
    }
    this.logger.info({ reason }, 'reboot command ran');
  }
}
