import { z } from 'zod';
import { runCommand } from '../system-command';

/** `sfdisk --json <disk>`: the part of it we rely on. */
const SfdiskJson = z.object({
  partitiontable: z.object({
    label: z.enum(['dos', 'gpt']),
    unit: z.literal('sectors'),
    sectorsize: z.number().int().positive().default(512),
    /** GPT: the last usable sector the table records (old when the disk grew under it). */
    lastlba: z.number().int().nonnegative().optional(),
    partitions: z
      .array(
        z.object({
          node: z.string(),
          start: z.number().int().nonnegative(),
          size: z.number().int().nonnegative(),
          type: z.string(),
        }),
      )
      .default([]),
  }),
});

export interface PartitionEntry {
  /** Partition number, from the node name (`/dev/mmcblk1p4` -> 4). */
  number: number;
  start: number;
  size: number;
  type: string;
}

export interface PartitionTable {
  label: 'dos' | 'gpt';
  sectorSize: number;
  lastUsableSector?: number;
  partitions: PartitionEntry[];
}

export function parseSfdiskJson(stdout: string): PartitionTable {
  const { partitiontable: table } = SfdiskJson.parse(JSON.parse(stdout));
  return {
    label: table.label,
    sectorSize: table.sectorsize,
    ...(table.lastlba !== undefined ? { lastUsableSector: table.lastlba } : {}),
    partitions: table.partitions.map((p) => {
      const number = /(\d+)$/.exec(p.node)?.[1];
      if (number === undefined) throw new Error(`sfdisk: no partition number in ${p.node}`);
      return { number: Number(number), start: p.start, size: p.size, type: p.type };
    }),
  };
}

// The disk is changed while a partition on it is mounted: the kernel is told about the one partition
// that changed (partx), never asked to re-read a busy disk. The caller holds the disk lock, so
// sfdisk's own locking stays off (it would wait for us).
const QUIET_WRITE = ['--no-reread', '--no-tell-kernel', '--lock=no'];

/** sfdisk and partx, on one disk. */
export class PartitionTableTool {
  constructor(readonly disk: string) {}

  async read(): Promise<PartitionTable> {
    return parseSfdiskJson(await runCommand('sfdisk', ['--json', this.disk]));
  }

  /** A script `restore` writes back as it was. */
  async dump(): Promise<string> {
    return runCommand('sfdisk', ['--dump', this.disk]);
  }

  async restore(dump: string): Promise<void> {
    await runCommand('sfdisk', ['--quiet', ...QUIET_WRITE, this.disk], { input: dump });
  }

  /** GPT on a disk bigger than when the table was written: move the backup header to the real end. */
  async relocateGptBackupHeader(): Promise<void> {
    await runCommand('sfdisk', ['--quiet', ...QUIET_WRITE, '--relocate', 'gpt-bak-std', this.disk]);
  }

  /** Same start, size "+" = all the space up to the next partition or the end. */
  async growToEnd(number: number): Promise<void> {
    await runCommand('sfdisk', ['--quiet', ...QUIET_WRITE, '-N', String(number), this.disk], { input: ', +\n' });
  }

  /** Tells the kernel the new bounds of one partition (BLKPG, allowed while it is mounted). */
  async tellKernel(number: number): Promise<void> {
    await runCommand('partx', ['--update', '--nr', String(number), this.disk]);
  }
}
