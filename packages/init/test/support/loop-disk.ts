import { execFile, execFileSync, spawn } from 'node:child_process';
import { access, mkdir, mkdtemp, readFile, rm, truncate, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

export const MIB = 1024 * 1024;

/** Every disk still attached, so a failing test (or a dying worker) still releases its loop device and mounts. */
const attached = new Set<LoopDisk>();
process.once('exit', () => {
  for (const disk of attached) disk.releaseSync();
});

/**
 * A disk image attached as a loop device with its partitions (`losetup -P`, then `partx -a`, which
 * this kernel needs), on which tests mount, write and grow for real. `destroy()` unmounts what it
 * mounted, detaches the device and removes the image.
 */
export class LoopDisk {
  private readonly mounts: string[] = [];

  private constructor(
    readonly dir: string,
    readonly image: string,
    readonly device: string,
  ) {}

  /** `table` is an sfdisk script (`label: dos` / `label: gpt`, one line per partition). */
  static async create(sizeBytes: number, table: string): Promise<LoopDisk> {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'mapio-loop-'));
    const image = path.join(dir, 'disk.img');
    await writeFile(image, '');
    await truncate(image, sizeBytes);
    await writeTable(image, table);
    const { stdout } = await run('losetup', ['--find', '--partscan', '--show', image]);
    const disk = new LoopDisk(dir, image, stdout.trim());
    attached.add(disk);
    try {
      await run('partx', ['--add', disk.device]).catch(() => undefined);
      await disk.waitForNodes();
    } catch (error) {
      await disk.destroy();
      throw error;
    }
    return disk;
  }

  partition(number: number): string {
    return `${this.device}p${number}`;
  }

  async mkfsExt4(number: number): Promise<void> {
    await run('mkfs.ext4', ['-q', '-F', this.partition(number)]);
  }

  /** Mounts partition `number` on a fresh directory of the disk's temp dir and returns it. */
  async mount(number: number, options: string[] = []): Promise<string> {
    const mountPoint = path.join(this.dir, `mnt${number}-${this.mounts.length}`);
    await mkdir(mountPoint, { recursive: true });
    await run('mount', [...(options.length > 0 ? ['-o', options.join(',')] : []), this.partition(number), mountPoint]);
    this.mounts.push(mountPoint);
    return mountPoint;
  }

  async unmount(mountPoint: string): Promise<void> {
    await run('umount', [mountPoint]);
    this.mounts.splice(this.mounts.indexOf(mountPoint), 1);
  }

  /** The disk grows under its table (a bigger eMMC or SD card than the image): image, then loop capacity. */
  async grow(sizeBytes: number): Promise<void> {
    await truncate(this.image, sizeBytes);
    await run('losetup', ['--set-capacity', this.device]);
  }

  async dump(): Promise<string> {
    return (await run('sfdisk', ['--dump', this.device])).stdout;
  }

  async tableJson(): Promise<{ label: string; lastlba?: number; partitions: Array<{ node: string; start: number; size: number }> }> {
    return JSON.parse((await run('sfdisk', ['--json', this.device])).stdout).partitiontable;
  }

  /** The partition's size as the kernel sees it now (bytes). */
  async kernelSize(number: number): Promise<number> {
    const name = path.basename(this.partition(number));
    return Number((await readFile(`/sys/class/block/${name}/size`, 'utf8')).trim()) * 512;
  }

  async diskSectors(): Promise<number> {
    return Number((await readFile(`/sys/class/block/${path.basename(this.device)}/size`, 'utf8')).trim());
  }

  /** The filesystem's own size (bytes), from its superblock. */
  async ext4Size(number: number): Promise<number> {
    const { stdout } = await run('dumpe2fs', ['-h', this.partition(number)]);
    const field = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+)`, 'm').exec(stdout)?.[1]);
    return field('Block count') * field('Block size');
  }

  async destroy(): Promise<void> {
    for (const mountPoint of [...this.mounts].reverse()) {
      await run('umount', [mountPoint]).catch(() => run('umount', ['--lazy', mountPoint]).catch(() => undefined));
    }
    this.mounts.length = 0;
    await run('partx', ['--delete', this.device]).catch(() => undefined);
    await run('losetup', ['--detach', this.device]).catch(() => undefined);
    attached.delete(this);
    await rm(this.dir, { recursive: true, force: true });
  }

  /** Last resort at process exit (no promises there). */
  releaseSync(): void {
    for (const mountPoint of [...this.mounts].reverse()) {
      try {
        execFileSync('umount', ['--lazy', mountPoint], { stdio: 'ignore' });
      } catch {
        // already gone
      }
    }
    try {
      execFileSync('losetup', ['--detach', this.device], { stdio: 'ignore' });
    } catch {
      // already detached
    }
  }

  private async waitForNodes(): Promise<void> {
    const table = await this.tableJson();
    const deadline = Date.now() + 30_000;
    for (const p of table.partitions) {
      const name = path.basename(p.node);
      for (;;) {
        try {
          await readFile(`/sys/class/block/${name}/size`);
          await access(p.node);
          break;
        } catch {
          if (Date.now() > deadline) throw new Error(`${p.node} did not appear after partx --add`);
          await new Promise((r) => setTimeout(r, 50));
        }
      }
    }
  }
}

// execFile cannot feed stdin, and sfdisk reads its script there.
async function writeTable(image: string, table: string): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const child = spawn('sfdisk', ['--quiet', image], { stdio: ['pipe', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.once('error', reject);
    child.once('close', (code) => (code === 0 ? resolve() : reject(new Error(`sfdisk ${image}: ${stderr}`))));
    child.stdin.end(table);
  });
}
