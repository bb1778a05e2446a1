import { statfs } from 'node:fs/promises';
import os from 'node:os';
import { readOsRelease } from '@mapio/runtime';
import { raucSlots, type RaucSlots } from './rauc-slots';

export interface SystemInfo {
  os: { name: string; prettyName: string; version: string | null; id: string | null };
  hostname: string;
  uptimeSeconds: number;
  rauc: RaucSlots;
  dataPartition: { path: string; totalBytes: number; usedBytes: number; freeBytes: number };
}

/** What `GET /api/v1/system` shows, read fresh on each call (local facts, RAUC over the bus). */
export async function systemInfo(dataDir: string, raucConf: string, osReleaseFiles?: string[]): Promise<SystemInfo> {
  const [release, rauc, disk] = await Promise.all([readOsRelease(osReleaseFiles), raucSlots(raucConf), statfs(dataDir)]);
  const block = Number(disk.bsize);
  const totalBytes = Number(disk.blocks) * block;
  const freeBytes = Number(disk.bavail) * block;
  return {
    os: { name: release.NAME, prettyName: release.PRETTY_NAME, version: release.VERSION_ID ?? release.VERSION ?? null, id: release.ID ?? null },
    hostname: os.hostname(),
    uptimeSeconds: Math.round(os.uptime()),
    rauc,
    dataPartition: { path: dataDir, totalBytes, usedBytes: totalBytes - Number(disk.bfree) * block, freeBytes },
  };
}
