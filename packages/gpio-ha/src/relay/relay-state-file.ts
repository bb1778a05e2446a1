import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { OnOff } from '@mapio/contracts';
import { writeFileAtomic, type Logger } from '@mapio/runtime';
import { z } from 'zod';

const SavedRelay = z.object({ state: OnOff, at: z.string() });

/**
 * The relay's last commanded state, on the data partition (it survives reboots and OS updates), so
 * the relay comes back as the user left it.
 */
export class RelayStateFile {
  constructor(
    readonly file: string,
    private readonly logger: Logger,
  ) {}

  /** The saved state; null when there is none or it cannot be read (then the relay is left as it is). */
  async read(): Promise<OnOff | null> {
    let text: string;
    try {
      text = await readFile(this.file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
        this.logger.warn({ file: this.file, err: (error as Error).message }, 'relay state unreadable: keeping the relay as it is');
      }
      return null;
    }
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch {
      raw = undefined;
    }
    const parsed = SavedRelay.safeParse(raw);
    if (!parsed.success) {
      this.logger.warn({ file: this.file, content: text.slice(0, 80) }, 'relay state file is not {"state":"ON"|"OFF"}: ignored');
      return null;
    }
    return parsed.data.state;
  }

  async write(state: OnOff): Promise<void> {
    await mkdir(path.dirname(this.file), { recursive: true });
    await writeFileAtomic(this.file, `${JSON.stringify({ state, at: new Date().toISOString() })}\n`);
  }
}
