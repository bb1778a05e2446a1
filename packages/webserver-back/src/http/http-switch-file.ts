import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { writeFileAtomic, type Logger } from '@mapio/runtime';
import { z } from 'zod';

const SwitchState = z.object({ enabled: z.boolean() });

/**
 * The owner's choice of web server on/off, on the data partition so it survives restarts and OS
 * updates. No file yet (first boot) means enabled; an unreadable file is reported and means enabled.
 */
export class HttpSwitchFile {
  constructor(
    readonly file: string,
    private readonly logger: Logger,
  ) {}

  static under(dataDir: string, logger: Logger): HttpSwitchFile {
    return new HttpSwitchFile(path.join(dataDir, 'mapio', 'webserver-back', 'http.json'), logger);
  }

  async read(): Promise<boolean> {
    let text: string;
    try {
      text = await readFile(this.file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') {
        this.logger.warn({ file: this.file, err: (error as Error).message }, 'cannot read the web server switch: enabling it');
      }
      return true;
    }
    try {
      return SwitchState.parse(JSON.parse(text)).enabled;
    } catch {
      this.logger.warn({ file: this.file }, 'web server switch file is invalid: enabling it (it is rewritten on the next change)');
      return true;
    }
  }

  async write(enabled: boolean): Promise<void> {
    await mkdir(path.dirname(this.file), { recursive: true });
    await writeFileAtomic(this.file, `${JSON.stringify({ enabled })}\n`, 0o644);
  }
}
