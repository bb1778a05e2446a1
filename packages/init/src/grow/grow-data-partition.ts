import { realpath } from 'node:fs/promises';
import type { Logger } from '@mapio/runtime';
import { errorMessage } from '@mapio/runtime';
import { blockDeviceByNumber, blockDeviceByPath, type BlockDeviceLookup, type BlockPartition } from './block-device';
import { DiskLock } from './disk-lock';
import { growExt4, probeFsType } from './ext4-filesystem';
import { planGrowth, type GrowthPlan } from './growth-plan';
import { mountContaining, readMounts, type Mount } from './mount-table';
import { PartitionTableTool } from './partition-table';

export type GrowOutcome =
  | { kind: 'changed'; device: string; before: number; after: number }
  | { kind: 'nochange'; reason: string; device?: string }
  | { kind: 'would-change'; device: string; before: number; after: number }
  | { kind: 'refused'; reason: string; device?: string }
  | { kind: 'failed'; reason: string; device: string; table: TableAfterFailure };

/** What a failure left of the partition table. */
export type TableAfterFailure = 'untouched' | 'restored' | 'not-restored';

const TABLE_NOTE: Record<TableAfterFailure, string> = {
  untouched: 'partition table untouched',
  restored: 'partition table restored',
  'not-restored': 'partition table NOT restored: see the log for the saved one',
};

export interface GrowRequest {
  /** `--device`; otherwise the partition mounted on dataDir. */
  device?: string;
  dataDir: string;
  dryRun: boolean;
  logger: Logger;
  /** Called once the disk is about to change. */
  onGrowing?: (device: string) => Promise<void>;
}

/** The one line `grow` prints, as growpart does. */
export function describeOutcome(outcome: GrowOutcome): string {
  switch (outcome.kind) {
    case 'changed':
      return `CHANGED: ${outcome.device} ${outcome.before} -> ${outcome.after}`;
    case 'would-change':
      return `WOULD CHANGE (dry run): ${outcome.device} ${outcome.before} -> ${outcome.after}`;
    case 'nochange':
      return `NOCHANGE: ${outcome.reason}`;
    case 'refused':
      return `REFUSED: ${outcome.reason}`;
    case 'failed':
      return `FAILED: ${outcome.device}: ${outcome.reason} (${TABLE_NOTE[outcome.table]})`;
  }
}

type Located = { kind: 'found'; partition: BlockPartition } | { kind: 'nochange'; reason: string };

/** Which partition to grow: `--device`, or the one mounted on the data directory (as its own mount). */
async function locatePartition(request: GrowRequest, mounts: readonly Mount[]): Promise<Located> {
  let lookup: BlockDeviceLookup;
  let label: string;
  if (request.device) {
    lookup = await blockDeviceByPath(request.device);
    label = request.device;
  } else {
    const dir = await realpath(request.dataDir).catch((error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return null;
      throw error;
    });
    if (dir === null) return { kind: 'nochange', reason: `${request.dataDir} does not exist: no data partition to grow` };
    const mount = mountContaining(mounts, dir);
    if (!mount) return { kind: 'nochange', reason: `${dir} is on no mount` };
    if (mount.mountPoint !== dir) {
      return { kind: 'nochange', reason: `${dir} is not a mount point (it is on ${mount.source}, mounted on ${mount.mountPoint}): no data partition to grow` };
    }
    if (mount.deviceNumber.startsWith('0:')) {
      return { kind: 'nochange', reason: `${dir} is a ${mount.fsType} mount (${mount.source}), not a block device` };
    }
    lookup = await blockDeviceByNumber(mount.deviceNumber);
    label = mount.source;
  }
  if (lookup.kind === 'whole-disk') return { kind: 'nochange', reason: `${label} is the whole disk ${lookup.name}, not a partition: nothing to grow` };
  return { kind: 'found', partition: lookup.partition };
}

/**
 * grow: the data partition to the end of its disk, then its ext4 filesystem, online. Idempotent: a
 * partition that already fills its disk is left alone. Never shrinks, never touches another
 * partition; on a failure after the table changed, the saved table is written back.
 */
export async function growDataPartition(request: GrowRequest): Promise<GrowOutcome> {
  const log = request.logger.child({ feature: 'grow' });
  const located = await locatePartition(request, await readMounts());
  if (located.kind === 'nochange') return located;
  const { partition } = located;
  const device = partition.path;
  const table = new PartitionTableTool(partition.disk.path);

  const plan = async (): Promise<{ plan: GrowthPlan; mount: Mount | undefined }> => {
    const mount = (await readMounts()).find((m) => m.deviceNumber === partition.deviceNumber);
    const fsType = mount?.fsType ?? (await probeFsType(device));
    let current;
    try {
      current = await table.read();
    } catch (error) {
      return { plan: { kind: 'refused', reason: `${partition.disk.path}: no partition table sfdisk can read (unknown layout): ${errorMessage(error)}` }, mount };
    }
    return { plan: planGrowth(current, { device, number: partition.number, diskSizeBytes: partition.disk.sizeBytes, fsType }), mount };
  };

  if (request.dryRun) {
    const { plan: dry } = await plan();
    if (dry.kind === 'grow') return { kind: 'would-change', device, before: dry.before, after: dry.after };
    return { ...dry, device };
  }

  const lock = await DiskLock.acquire(partition.disk.path);
  try {
    // Decided under the lock: nobody changes the table between our look and our write.
    const { plan: decided, mount } = await plan();
    if (decided.kind !== 'grow') return { ...decided, device };
    let backup: string;
    try {
      await request.onGrowing?.(device);
      backup = await table.dump();
    } catch (error) {
      return { kind: 'failed', reason: errorMessage(error), device, table: 'untouched' };
    }
    log.info({ device, disk: partition.disk.path, mounted: mount !== undefined, plan: decided }, 'growing the data partition');
    try {
      if (decided.relocateGptBackup) await table.relocateGptBackupHeader();
      await table.growToEnd(partition.number);
      await table.tellKernel(partition.number);
      const grown = await blockDeviceByPath(device);
      if (grown.kind !== 'partition' || grown.partition.sizeBytes <= decided.before) {
        throw new Error(`the kernel does not see ${device} bigger after the table change`);
      }
      await growExt4(device, mount !== undefined);
      return { kind: 'changed', device, before: decided.before, after: grown.partition.sizeBytes };
    } catch (error) {
      const reason = errorMessage(error);
      log.error({ device, err: reason }, 'growing failed: restoring the partition table');
      try {
        await table.restore(backup);
        await table.tellKernel(partition.number);
        return { kind: 'failed', reason, device, table: 'restored' };
      } catch (restoreError) {
        log.fatal({ device, err: errorMessage(restoreError), backup }, 'restoring the partition table failed: the backup is in this line');
        return { kind: 'failed', reason, device, table: 'not-restored' };
      }
    }
  } finally {
    await lock.unlock();
  }
}
