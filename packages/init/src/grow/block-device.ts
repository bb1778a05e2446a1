import { readFile, realpath, stat } from 'node:fs/promises';
import path from 'node:path';

/** A partition as the kernel sees it (/sys/class/block), with its disk. Sizes in bytes. */
export interface BlockPartition {
  name: string;
  /** The node we operate on (`/dev/mmcblk1p4`). */
  path: string;
  deviceNumber: string;
  number: number;
  sizeBytes: number;
  disk: { name: string; path: string; sizeBytes: number };
}

export type BlockDeviceLookup = { kind: 'partition'; partition: BlockPartition } | { kind: 'whole-disk'; name: string };

// sysfs counts sizes in 512-byte sectors whatever the device's logical sector size.
const SYSFS_SECTOR = 512;

async function sysfsNumber(file: string): Promise<number> {
  return Number((await readFile(file, 'utf8')).trim());
}

/** Linux dev_t as `major:minor` (the glibc encoding; node hands st_rdev over as a number). */
export function deviceNumberOf(rdev: number): string {
  const high = Math.floor(rdev / 2 ** 32);
  const low = rdev % 2 ** 32;
  const major = (((low >>> 8) & 0xfff) | (high & 0xfffff000)) >>> 0;
  const minor = ((low & 0xff) | (((low >>> 12) | (high << 20)) & 0xffffff00)) >>> 0;
  return `${major}:${minor}`;
}

/** The block device behind a `major:minor` number, from /sys/dev/block. */
export async function blockDeviceByNumber(deviceNumber: string, sysRoot = '/sys'): Promise<BlockDeviceLookup> {
  const dir = await realpath(path.join(sysRoot, 'dev', 'block', deviceNumber));
  const name = path.basename(dir);
  let number: number;
  try {
    number = await sysfsNumber(path.join(dir, 'partition'));
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'whole-disk', name };
    throw error;
  }
  const diskDir = path.dirname(dir);
  const diskName = path.basename(diskDir);
  return {
    kind: 'partition',
    partition: {
      name,
      path: `/dev/${name}`,
      deviceNumber,
      number,
      sizeBytes: (await sysfsNumber(path.join(dir, 'size'))) * SYSFS_SECTOR,
      disk: { name: diskName, path: `/dev/${diskName}`, sizeBytes: (await sysfsNumber(path.join(diskDir, 'size'))) * SYSFS_SECTOR },
    },
  };
}

/** The block device a device node (`--device /dev/mmcblk1p4`, or a /dev/disk/by-* link) stands for. */
export async function blockDeviceByPath(node: string): Promise<BlockDeviceLookup> {
  const info = await stat(node);
  if (!info.isBlockDevice()) throw new Error(`${node} is not a block device`);
  return blockDeviceByNumber(deviceNumberOf(info.rdev));
}
