/** 1536 -> "1.5 kB" (powers of 1000, as Docker and browsers show sizes). */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) return '--';
  const units = ['B', 'kB', 'MB', 'GB', 'TB'];
  let value = bytes;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  return `${unit === 0 ? value : value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
}

/** 93784 -> "1 d 2 h 3 min" (the two largest units that are not zero). */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '--';
  const parts: string[] = [];
  const units: Array<[number, string]> = [
    [86400, 'd'],
    [3600, 'h'],
    [60, 'min'],
  ];
  let rest = Math.floor(seconds);
  for (const [size, name] of units) {
    const count = Math.floor(rest / size);
    rest -= count * size;
    if (count > 0) parts.push(`${count} ${name}`);
  }
  if (parts.length === 0) return `${rest} s`;
  return parts.slice(0, 2).join(' ');
}

/** An ISO time as "5 min ago" relative to `now`; "never" for null. */
export function formatAgo(iso: string | null, now: number = Date.now()): string {
  if (iso === null) return 'never';
  const at = Date.parse(iso);
  if (!Number.isFinite(at)) return '--';
  const seconds = Math.max(0, Math.round((now - at) / 1000));
  if (seconds < 45) return 'just now';
  return `${formatDuration(seconds)} ago`;
}

/** "0.0.0.0:8123->8123/tcp" for a published port. */
export function formatPublishedPort(port: { hostIp: string; hostPort: number; containerPort: number; protocol: string }): string {
  const host = port.hostIp === '' || port.hostIp === '0.0.0.0' || port.hostIp === '::' ? '' : `${port.hostIp}:`;
  return `${host}${port.hostPort}->${port.containerPort}/${port.protocol}`;
}
