import { spawn } from 'node:child_process';

/**
 * An exclusive BSD lock on a whole disk, the convention sfdisk and systemd-udevd follow: udev leaves
 * a locked disk alone instead of probing it while its table changes. Node has no flock(2), so a
 * `flock <disk> cat` child holds it. cat only runs once the lock is held, so the byte we send it
 * coming back says "locked"; closing its stdin ends cat and the lock. If we die, the pipe closes and
 * the lock goes with it.
 */
export class DiskLock {
  private constructor(private readonly release: () => Promise<void>) {}

  static async acquire(disk: string, timeoutSeconds = 60): Promise<DiskLock> {
    const child = spawn('flock', ['--exclusive', '--timeout', String(timeoutSeconds), disk, 'cat'], {
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stderr = '';
    const exited = new Promise<number | null>((resolve) => child.once('close', (code) => resolve(code)));
    await new Promise<void>((resolve, reject) => {
      child.once('error', (error) => reject(new Error(`flock ${disk}: ${error.message}`)));
      child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
      child.stdout.once('data', () => resolve());
      void exited.then((code) => reject(new Error(`could not lock ${disk} (flock exit ${code}): ${stderr.trim()}`)));
      child.stdin.write('\n');
    });
    return new DiskLock(async () => {
      child.stdin.end();
      await exited;
    });
  }

  async unlock(): Promise<void> {
    await this.release();
  }
}
