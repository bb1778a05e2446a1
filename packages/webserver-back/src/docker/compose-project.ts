import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { errorMessage } from '@mapio/runtime';
import { DomainError } from '../domain-error';
import { parseComposeFile, type ComposeFileContent, type ComposeService } from './compose-file';

export interface ComposeProjectFiles {
  /** The OS's compose file (read-only for us). */
  base: string;
  /** The owner's services, on the data partition so an OS update keeps them. */
  custom: string;
  project: string;
}

export function customComposeFile(dataDir: string): string {
  return path.join(dataDir, 'mapio', 'docker-compose.custom.yml');
}

interface Cached {
  key: string;
  content: ComposeFileContent;
}

/**
 * The compose project: the base file plus the custom file, as services with their source. Files are
 * re-read only when their size or mtime changed, so every request sees the files as they are now.
 */
export class ComposeProject {
  private readonly cache = new Map<string, Cached>();

  constructor(readonly files: ComposeProjectFiles) {}

  /** Every service; a custom service never shadows a base one of the same name. */
  async services(): Promise<Map<string, ComposeService>> {
    const [base, custom] = await Promise.all([this.read(this.files.base, 'base'), this.read(this.files.custom, 'custom')]);
    const all = new Map(base.services);
    for (const [name, service] of custom.services) if (!all.has(name)) all.set(name, service);
    return all;
  }

  async service(name: string): Promise<ComposeService | undefined> {
    return (await this.services()).get(name);
  }

  /** The `version:` of the base file, which the custom file must repeat for compose v1 to merge them. */
  async baseVersion(): Promise<string | null> {
    return (await this.read(this.files.base, 'base')).version;
  }

  /** The files that exist, in merge order, for the compose CLI's `-f` options. */
  async existingFiles(): Promise<string[]> {
    const present = await Promise.all([this.files.base, this.files.custom].map(async (file) => ((await fileKey(file)) ? file : null)));
    return present.filter((file): file is string => file !== null);
  }

  private async read(file: string, source: 'base' | 'custom'): Promise<ComposeFileContent> {
    const key = await fileKey(file);
    if (key === null) return { version: null, services: new Map() };
    const cached = this.cache.get(file);
    if (cached && cached.key === key) return cached.content;
    try {
      const content = parseComposeFile(await readFile(file, 'utf8'), file, source);
      this.cache.set(file, { key, content });
      return content;
    } catch (error) {
      throw new DomainError('unavailable', `cannot read the compose file: ${errorMessage(error)}`, { dependency: 'compose', cause: error });
    }
  }
}

async function fileKey(file: string): Promise<string | null> {
  try {
    const info = await stat(file);
    return `${info.size}:${info.mtimeMs}:${info.ino}`;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
}
