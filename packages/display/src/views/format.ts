/** What a view shows for a value it does not have. */
export const MISSING = '--';

export function formatPercent(value: number | null): string {
  return value === null ? MISSING : `${Math.round(value)}%`;
}

export function formatUptime(seconds: number | null): string {
  if (seconds === null || seconds < 0) return MISSING;
  const minutes = Math.floor(seconds / 60);
  const hours = Math.floor(minutes / 60);
  const days = Math.floor(hours / 24);
  // Not zero-padded: "3d 4h" (a plain zero next to letters reads as an O).
  if (days > 0) return `${days}d ${hours % 24}h`;
  if (hours > 0) return `${hours}h ${minutes % 60}m`;
  return `${minutes}m`;
}

export function formatVolts(volts: number | null): string {
  return volts === null ? MISSING : `${volts.toFixed(2)} V`;
}

export function formatCelsius(celsius: number | null): string {
  return celsius === null ? MISSING : `${Math.round(celsius)}°C`;
}

/** HH:MM in the process's local time zone. */
export function formatClock(date: Date): string {
  return `${String(date.getHours()).padStart(2, '0')}:${String(date.getMinutes()).padStart(2, '0')}`;
}

export function orMissing(value: string | null | undefined): string {
  return value === null || value === undefined || value.trim() === '' ? MISSING : value;
}
