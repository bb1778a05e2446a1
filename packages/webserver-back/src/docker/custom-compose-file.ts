import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { SerialQueue, writeFileAtomic } from '@mapio/runtime';
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import { z } from 'zod';
import { DomainError } from '../domain-error';
import type { ChangeSignal } from './change-signal';

const customFileSchema = z.looseObject({
  version: z.union([z.string(), z.number()]).optional(),
  services: z.record(z.string(), z.unknown()).nullable().optional(),
});

/**
 * The owner's compose file under MAPIO_DATA_DIR: services are added and removed here, always by an
 * atomic replace, keeping whatever else the owner wrote in it. Edits are serialised; each one raises
 * the change signal (the set of services changed, whether a container follows or not).
 */
export class CustomComposeFile {
  private readonly edits = new SerialQueue();

  constructor(
    readonly file: string,
    private readonly changes: ChangeSignal,
  ) {}

  addService(name: string, entry: Record<string, unknown>, version: string | null): Promise<void> {
    return this.edit((content) => {
      // compose v1 refuses to merge files whose `version:` differ.
      if (version !== null) content.version = version;
      content.services = { ...(content.services ?? {}), [name]: entry };
    });
  }

  removeService(name: string): Promise<void> {
    return this.edit((content) => {
      const services = { ...(content.services ?? {}) };
      delete services[name];
      content.services = services;
    });
  }

  // Written as YAML 1.1 (what docker-compose v1 reads): strings such as `no` or `on` get quoted
  // instead of turning into booleans there.
  private edit(change: (content: z.infer<typeof customFileSchema>) => void): Promise<void> {
    return this.edits.run(async () => {
      const content = await this.read();
      change(content);
      await mkdir(path.dirname(this.file), { recursive: true });
      await writeFileAtomic(this.file, `# Services added from the MAPIO web interface (kept across OS updates).\n${stringifyYaml(content, { version: '1.1' })}`, 0o644);
      this.changes.notify();
    });
  }

  private async read(): Promise<z.infer<typeof customFileSchema>> {
    let text: string;
    try {
      text = await readFile(this.file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return {};
      throw error;
    }
    const parsed = customFileSchema.safeParse(parseYaml(text) ?? {});
    if (!parsed.success) throw new DomainError('unavailable', `${this.file} is not a compose file: fix or remove it`, { dependency: 'compose' });
    return parsed.data;
  }
}
