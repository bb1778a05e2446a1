import { OnOff } from '@mapio/contracts';
import { JsonStateFile, type Logger } from '@mapio/runtime';
import { z } from 'zod';

const SavedRelay = z.object({ state: OnOff, at: z.string() });

/**
 * The relay's last commanded state, on the data partition (it survives reboots and OS updates), so
 * the relay comes back as the user left it. No file, or a bad one: the relay is left as it is.
 */
export class RelayStateFile {
  private readonly saved: JsonStateFile<typeof SavedRelay>;

  constructor(file: string, logger: Logger) {
    this.saved = new JsonStateFile(file, SavedRelay, 'relay state', logger);
  }

  get file(): string {
    return this.saved.file;
  }

  async read(): Promise<OnOff | null> {
    return (await this.saved.read())?.state ?? null;
  }

  async write(state: OnOff): Promise<void> {
    await this.saved.write({ state, at: new Date().toISOString() });
  }
}
