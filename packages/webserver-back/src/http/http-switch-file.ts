import path from 'node:path';
import { JsonStateFile, type Logger } from '@mapio/runtime';
import { z } from 'zod';

const SwitchState = z.object({ enabled: z.boolean() });

/**
 * The owner's choice of web server on/off, on the data partition so it survives restarts and OS
 * updates. No file yet (first boot) means enabled; an unreadable file is reported and means enabled.
 */
export class HttpSwitchFile {
  private readonly saved: JsonStateFile<typeof SwitchState>;

  constructor(file: string, logger: Logger) {
    this.saved = new JsonStateFile(file, SwitchState, 'web server switch', logger);
  }

  static under(dataDir: string, logger: Logger): HttpSwitchFile {
    return new HttpSwitchFile(path.join(dataDir, 'mapio', 'webserver-back', 'http.json'), logger);
  }

  async read(): Promise<boolean> {
    return (await this.saved.read())?.enabled ?? true;
  }

  async write(enabled: boolean): Promise<void> {
    await this.saved.write({ enabled });
  }
}
