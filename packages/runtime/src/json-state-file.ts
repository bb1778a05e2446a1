import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { z } from 'zod';
import { writeFileAtomic } from './atomic-file';
import { errorMessage } from './error-message';
import type { Logger } from './logger';

/**
 * A small piece of a daemon's state kept on the data partition (it survives restarts and OS
 * updates): JSON checked by a zod schema on the way in, written atomically on the way out.
 */
export class JsonStateFile<S extends z.ZodType> {
  constructor(
    readonly file: string,
    private readonly schema: S,
    /** What the file holds, for log lines ("relay state"). */
    private readonly what: string,
    private readonly logger: Logger,
  ) {}

  /** The saved value, or null when there is none yet; an unreadable or invalid file is logged and null too. */
  async read(): Promise<z.output<S> | null> {
    let text: string;
    try {
      text = await readFile(this.file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
        this.logger.warn({ file: this.file, err: errorMessage(error) }, `${this.what} unreadable: using the default`);
      }
      return null;
    }
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch {
      raw = undefined;
    }
    const parsed = this.schema.safeParse(raw);
    if (!parsed.success) {
      this.logger.warn({ file: this.file, content: text.slice(0, 80) }, `${this.what} file is invalid: using the default (rewritten on the next change)`);
      return null;
    }
    return parsed.data;
  }

  async write(value: z.input<S>): Promise<void> {
    await mkdir(path.dirname(this.file), { recursive: true });
    await writeFileAtomic(this.file, `${JSON.stringify(this.schema.parse(value))}\n`, 0o644);
  }
}
