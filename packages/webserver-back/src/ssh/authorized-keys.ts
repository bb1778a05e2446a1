import { chmod, mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { SerialQueue, writeFileAtomic, type Logger } from '@mapio/runtime';
import { DomainError } from '../domain-error';
import { parsePublicKey, type PublicKey } from './public-key';

export type ListedKey = Pick<PublicKey, 'type' | 'comment' | 'bits' | 'fingerprint'>;

/**
 * The owner's SSH keys in MAPIO_DATA_DIR/ssh/authorized_keys: on the data partition so they survive
 * an OS update (the Yocto layer points sshd there). Written atomically, file 0600, folder 0700, one
 * change at a time. Lines this code did not write and cannot parse are kept as they are.
 */
export class AuthorizedKeys {
  private readonly queue = new SerialQueue();

  constructor(
    readonly file: string,
    private readonly logger: Logger,
  ) {}

  static under(dataDir: string, logger: Logger): AuthorizedKeys {
    return new AuthorizedKeys(path.join(dataDir, 'ssh', 'authorized_keys'), logger);
  }

  async list(): Promise<ListedKey[]> {
    const keys = await this.parsedLines();
    return keys.flatMap(({ key }) => (key ? [{ type: key.type, comment: key.comment, bits: key.bits, fingerprint: key.fingerprint }] : []));
  }

  /** Adds the key unless the same key (blob) is there already; `added` says which. */
  add(text: string): Promise<{ key: ListedKey; added: boolean }> {
    return this.queue.run(async () => {
      const key = await parsePublicKey(text);
      const lines = await this.parsedLines();
      const listed = { type: key.type, comment: key.comment, bits: key.bits, fingerprint: key.fingerprint };
      if (lines.some((entry) => entry.key?.blob === key.blob)) return { key: listed, added: false };
      await this.write([...lines.map((entry) => entry.line), key.line]);
      this.logger.info({ type: key.type, fingerprint: key.fingerprint }, 'ssh key added');
      return { key: listed, added: true };
    });
  }

  remove(fingerprint: string): Promise<void> {
    return this.queue.run(async () => {
      const lines = await this.parsedLines();
      const kept = lines.filter((entry) => entry.key?.fingerprint !== fingerprint);
      if (kept.length === lines.length) throw new DomainError('not_found', `no SSH key with fingerprint ${fingerprint}`);
      await this.write(kept.map((entry) => entry.line));
      this.logger.info({ fingerprint }, 'ssh key removed');
    });
  }

  private async parsedLines(): Promise<Array<{ line: string; key: PublicKey | null }>> {
    let text: string;
    try {
      text = await readFile(this.file, 'utf8');
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw error;
    }
    const lines = text.split('\n').filter((line) => line.trim() !== '');
    return Promise.all(lines.map(async (line) => ({ line, key: await parsePublicKey(line).catch(() => null) })));
  }

  private async write(lines: string[]): Promise<void> {
    const dir = path.dirname(this.file);
    await mkdir(dir, { recursive: true, mode: 0o700 });
    await chmod(dir, 0o700);
    await writeFileAtomic(this.file, lines.length > 0 ? `${lines.join('\n')}\n` : '', 0o600);
  }
}
