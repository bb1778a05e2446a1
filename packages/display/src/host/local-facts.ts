import { readFile, statfs } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { osVersionOf, readOsRelease } from '@mapio/runtime';
import {
  cpuPercentBetween,
  diskUsedPercent,
  parseDefaultRouteInterface,
  parseMeminfoPercent,
  parseProcStat,
  parseThermalZone,
  parseUptime,
  type CpuTimes,
} from './local-facts-parsers';

/** What the display reads on this machine itself (null = could not be read: shown as "--"). */
export interface LocalFactsSnapshot {
  ip: string | null;
  osVersion: string | null;
  cpuPercent: number | null;
  ramPercent: number | null;
  diskPercent: number | null;
  uptimeSeconds: number | null;
  temperatureC: number | null;
}

export interface LocalFactsSources {
  procDir?: string;
  thermalZone?: string;
  osReleaseFiles?: string[];
  dataDir: string;
  networkInterfaces?: typeof os.networkInterfaces;
}

/** CPU use is measured between two reads; closer than this, the previous figure is kept. */
const MIN_CPU_WINDOW_MS = 1000;

/** Local facts, each read independently: one that fails is null, never an exception. */
export class LocalFacts {
  private cpuSample: { times: CpuTimes; atMs: number } | null = null;
  private lastCpuPercent: number | null = null;

  /** os-release does not change without a reboot: read once. */
  private osVersionRead: Promise<string | null> | null = null;

  constructor(private readonly sources: LocalFactsSources) {}

  private osVersion(): Promise<string | null> {
    this.osVersionRead ??= readOsRelease(this.sources.osReleaseFiles).then(osVersionOf, () => null);
    return this.osVersionRead;
  }

  async read(): Promise<LocalFactsSnapshot> {
    const proc = this.sources.procDir ?? '/proc';
    const [ip, osVersion, cpuPercent, ramPercent, diskPercent, uptimeSeconds, temperatureC] = await Promise.all([
      this.defaultInterfaceAddress(proc),
      this.osVersion(),
      this.cpuPercent(proc),
      readParsed(path.join(proc, 'meminfo'), parseMeminfoPercent),
      statfs(this.sources.dataDir).then(diskUsedPercent, () => null),
      readParsed(path.join(proc, 'uptime'), parseUptime),
      readParsed(this.sources.thermalZone ?? '/sys/class/thermal/thermal_zone0/temp', parseThermalZone),
    ]);
    return { ip, osVersion, cpuPercent, ramPercent, diskPercent, uptimeSeconds, temperatureC };
  }

  private async defaultInterfaceAddress(proc: string): Promise<string | null> {
    const name = await readParsed(path.join(proc, 'net', 'route'), parseDefaultRouteInterface);
    if (name === null) return null;
    const addresses = (this.sources.networkInterfaces ?? os.networkInterfaces)()[name] ?? [];
    return addresses.find((a) => a.family === 'IPv4' && !a.internal)?.address ?? null;
  }

  /** Since the previous read; the first read averages since boot. */
  private async cpuPercent(proc: string): Promise<number | null> {
    const times = await readParsed(path.join(proc, 'stat'), parseProcStat);
    if (times === null) return null;
    const now = performance.now();
    const previous = this.cpuSample;
    if (previous && now - previous.atMs < MIN_CPU_WINDOW_MS) return this.lastCpuPercent;
    this.cpuSample = { times, atMs: now };
    this.lastCpuPercent = cpuPercentBetween(previous?.times ?? { idle: 0, total: 0 }, times);
    return this.lastCpuPercent;
  }
}

async function readParsed<T>(file: string, parse: (text: string) => T | null): Promise<T | null> {
  try {
    return parse(await readFile(file, 'utf8'));
  } catch {
    return null;
  }
}
