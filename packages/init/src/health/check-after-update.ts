import { access } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { errorMessage, JsonStateFile, osVersionOf, readOsRelease, type Logger, type MqttBus } from '@mapio/runtime';
import { CommandError } from '../system-command';
import { RaucCli, type RaucSystem } from './rauc-cli';
import { waitUntilReady } from './system-readiness';

/** The slot and version last found healthy (and marked good): an update is a change of either. */
const CheckedBoot = z.object({ slot: z.string(), version: z.string(), markedGoodAt: z.string() });

export type HealthOutcome =
  | { kind: 'skipped'; reason: string }
  | { kind: 'nochange'; reason: string; slot: string; version: string }
  | { kind: 'marked'; slot: string; version: string }
  | { kind: 'failed'; reason: string; slot?: string; version?: string };

export interface HealthRequest {
  dataDir: string;
  raucSystemConf: string;
  dockerHost: string;
  timeoutMs: number;
  bus: MqttBus;
  logger: Logger;
  onChecking?: (slot: string, version: string) => Promise<void>;
}

export function checkedBootFile(dataDir: string): string {
  return path.join(dataDir, 'mapio', 'init', 'checked-boot.json');
}

async function readRauc(rauc: RaucCli, systemConf: string): Promise<RaucSystem | { skipped: string }> {
  try {
    await access(systemConf);
  } catch {
    return { skipped: `RAUC is not set up on this system (no ${systemConf}): no slot to mark` };
  }
  try {
    return await rauc.status();
  } catch (error) {
    if (error instanceof CommandError && error.exitCode === null && error.stderr.includes('ENOENT')) {
      return { skipped: 'RAUC is not installed on this system: no slot to mark' };
    }
    throw error;
  }
}

/**
 * health: after an OTA update (the booted slot or its version differs from the last healthy boot),
 * waits for the daemons and Docker, then marks the booted slot good. On timeout the slot stays
 * unmarked, so the bootloader falls back to the previous one once its tries are used up.
 */
export async function checkAfterUpdate(request: HealthRequest): Promise<HealthOutcome> {
  const log = request.logger.child({ feature: 'health' });
  const rauc = new RaucCli();
  let system: RaucSystem | { skipped: string };
  try {
    system = await readRauc(rauc, request.raucSystemConf);
  } catch (error) {
    return { kind: 'failed', reason: `rauc status: ${errorMessage(error)}` };
  }
  if ('skipped' in system) return { kind: 'skipped', reason: system.skipped };

  const slot = system.booted;
  const version = system.bootedVersion ?? osVersionOf(await readOsRelease());
  const record = new JsonStateFile(checkedBootFile(request.dataDir), CheckedBoot, 'last checked boot', log);
  const last = await record.read();
  if (last && last.slot === slot && last.version === version) {
    return { kind: 'nochange', reason: `no update since the last healthy boot (slot ${slot}, version ${version})`, slot, version };
  }
  log.info({ slot, version, last, primary: system.primary, bootStatus: system.bootedStatus }, 'new boot to check: waiting for the system to be healthy');
  await request.onChecking?.(slot, version);
  const readiness = await waitUntilReady(request.bus, request.dockerHost, request.timeoutMs);
  if (!readiness.ready) {
    return {
      kind: 'failed',
      reason: `not healthy after ${Math.round(request.timeoutMs / 1000)} s: ${readiness.missing.join(', ')}; slot ${slot} left unmarked (the bootloader falls back after its tries)`,
      slot,
      version,
    };
  }
  try {
    await rauc.markBootedGood();
  } catch (error) {
    return { kind: 'failed', reason: `marking slot ${slot} good: ${errorMessage(error)}`, slot, version };
  }
  await record.write({ slot, version, markedGoodAt: new Date().toISOString() });
  return { kind: 'marked', slot, version };
}
