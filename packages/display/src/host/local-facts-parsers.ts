/** Parsers of the kernel files the display reads (pure: text in, value or null out). */

export interface CpuTimes {
  idle: number;
  total: number;
}

/** The aggregate `cpu` line of /proc/stat: idle = idle + iowait, total = the first eight fields. */
export function parseProcStat(text: string): CpuTimes | null {
  const line = text.split('\n').find((l) => l.startsWith('cpu '));
  if (!line) return null;
  const fields = line.trim().split(/\s+/).slice(1, 9).map(Number);
  if (fields.length < 5 || fields.some((n) => !Number.isFinite(n))) return null;
  const [, , , idle = 0, iowait = 0] = fields;
  return { idle: idle + iowait, total: fields.reduce((sum, n) => sum + n, 0) };
}

export function cpuPercentBetween(before: CpuTimes, after: CpuTimes): number | null {
  const total = after.total - before.total;
  if (total <= 0) return null;
  return Math.min(100, Math.max(0, (100 * (total - (after.idle - before.idle))) / total));
}

/** Used memory as `free` counts it: (MemTotal - MemAvailable) / MemTotal. */
export function parseMeminfoPercent(text: string): number | null {
  const value = (key: string) => {
    const match = new RegExp(`^${key}:\\s+(\\d+)`, 'm').exec(text);
    return match ? Number(match[1]) : null;
  };
  const total = value('MemTotal');
  const available = value('MemAvailable');
  if (total === null || available === null || total === 0) return null;
  return (100 * (total - available)) / total;
}

/** /proc/uptime: seconds since boot (first field). */
export function parseUptime(text: string): number | null {
  const seconds = Number(text.trim().split(/\s+/)[0]);
  return Number.isFinite(seconds) && seconds >= 0 ? seconds : null;
}

/** /proc/net/route: the interface of the default route (lowest metric), or null. */
export function parseDefaultRouteInterface(text: string): string | null {
  let best: { name: string; metric: number } | null = null;
  for (const line of text.split('\n').slice(1)) {
    const [name, destination, , flags, , , metric, mask] = line.trim().split(/\s+/);
    if (!name || destination !== '00000000' || mask !== '00000000') continue;
    if ((parseInt(flags ?? '0', 16) & 0x1) === 0) continue; // RTF_UP
    const m = Number(metric);
    if (best === null || m < best.metric) best = { name, metric: m };
  }
  return best?.name ?? null;
}

/** A thermal zone's `temp`: millidegrees Celsius. */
export function parseThermalZone(text: string): number | null {
  const milli = Number(text.trim());
  return text.trim() !== '' && Number.isFinite(milli) ? milli / 1000 : null;
}

/** Used share of a file system as df computes it: used / (used + available to users). */
export function diskUsedPercent(stats: { blocks: number; bfree: number; bavail: number }): number | null {
  const used = stats.blocks - stats.bfree;
  const room = used + stats.bavail;
  return room > 0 ? (100 * used) / room : null;
}
