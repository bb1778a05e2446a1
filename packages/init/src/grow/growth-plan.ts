import type { PartitionTable } from './partition-table';

/** Less free space than this after the data partition is not worth a table change. */
export const MIN_GROWTH_BYTES = 16 * 1024 * 1024;

// A GPT keeps its backup header and entries in the last 33 sectors.
const GPT_BACKUP_SECTORS = 33;
// An MBR entry holds 32-bit sector numbers.
const MBR_MAX_SECTORS = 2 ** 32;

export type GrowthPlan =
  | { kind: 'nochange'; reason: string }
  | { kind: 'refused'; reason: string }
  | {
      kind: 'grow';
      /** Partition size in bytes, now and after growing. */
      before: number;
      after: number;
      relocateGptBackup: boolean;
    };

export interface GrowthTarget {
  device: string;
  number: number;
  diskSizeBytes: number;
  fsType: string;
}

/** Decides, from the table and the disk size only, whether and how far the partition grows. */
export function planGrowth(table: PartitionTable, target: GrowthTarget): GrowthPlan {
  const entry = table.partitions.find((p) => p.number === target.number);
  if (!entry) return { kind: 'refused', reason: `${target.device}: partition ${target.number} is not in the ${table.label} table` };
  if (table.label === 'dos' && target.number > 4) {
    return { kind: 'refused', reason: `${target.device} is a logical partition (unknown layout: expected a primary partition)` };
  }
  const later = table.partitions.find((p) => p.start > entry.start);
  if (later) return { kind: 'refused', reason: `${target.device} is not the last partition (partition ${later.number} follows it)` };
  if (target.fsType !== 'ext4') {
    return { kind: 'refused', reason: `${target.device} holds ${target.fsType || 'no known filesystem'}, not ext4` };
  }
  const diskSectors = Math.floor(target.diskSizeBytes / table.sectorSize);
  const lastUsable =
    table.label === 'gpt' ? diskSectors - 1 - GPT_BACKUP_SECTORS : Math.min(diskSectors, MBR_MAX_SECTORS) - 1;
  const end = entry.start + entry.size - 1;
  const before = entry.size * table.sectorSize;
  const freeBytes = (lastUsable - end) * table.sectorSize;
  if (freeBytes <= MIN_GROWTH_BYTES) {
    return {
      kind: 'nochange',
      reason: `${target.device} already fills its disk (${Math.max(freeBytes, 0)} bytes free after it, growing needs more than ${MIN_GROWTH_BYTES})`,
    };
  }
  return {
    kind: 'grow',
    before,
    after: (lastUsable - entry.start + 1) * table.sectorSize,
    relocateGptBackup: table.label === 'gpt' && (table.lastUsableSector ?? lastUsable) < lastUsable,
  };
}
