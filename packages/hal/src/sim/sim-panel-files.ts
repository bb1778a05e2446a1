import { mkdir, rename, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { EmulatedFrame } from '@mapio/epd-waveshare';
import type { HalLogger } from '../hardware';

/**
 * The simulated panel as files: `current.png` is what the glass shows, `status.json` counts the
 * frames and refreshes. Each written under a temporary name then renamed (a viewer never reads half
 * a PNG), latest frame first: frames that come faster than the disk are skipped.
 */
export class SimPanelFiles {
  private waiting: EmulatedFrame | null = null;
  private writing: Promise<void> | null = null;

  constructor(
    private readonly dir: string,
    private readonly logger: HalLogger,
  ) {}

  get currentPng(): string {
    return path.join(this.dir, 'current.png');
  }

  get statusJson(): string {
    return path.join(this.dir, 'status.json');
  }

  accept(frame: EmulatedFrame): void {
    if (frame.staleReferencePixels > 0) {
      this.logger.warn({ frame: frame.number, pixels: frame.staleReferencePixels }, 'e-paper emulator: partial refresh against a stale RAM 0x26 (a panel would ghost)');
    }
    this.waiting = frame;
    this.writing ??= this.writeAll();
  }

  async flush(): Promise<void> {
    while (this.writing) await this.writing;
  }

  private async writeAll(): Promise<void> {
    await mkdir(this.dir, { recursive: true }).catch(() => undefined);
    while (this.waiting) {
      const frame = this.waiting;
      this.waiting = null;
      try {
        await replaceFile(this.currentPng, frame.png);
        const status = { frame: frame.number, kind: frame.kind, refreshes: frame.refreshes, at: new Date().toISOString() };
        await replaceFile(this.statusJson, `${JSON.stringify(status)}\n`);
      } catch (error) {
        this.logger.warn({ dir: this.dir, err: (error as Error).message }, 'cannot write the simulated e-paper frame');
      }
    }
    this.writing = null;
  }
}

/** No fsync: these are the simulator's pictures, not state that must survive a power cut. */
async function replaceFile(file: string, data: string | Uint8Array): Promise<void> {
  const temporary = `${file}.${process.pid}.tmp`;
  await writeFile(temporary, data);
  await rename(temporary, file);
}
