/**
 * When the next `mapio/gpio-ha/linky` goes out. Pure. At most one per `periodMs`, except an urgent
 * one (a tariff change, labels that came or went, a first frame) which goes at once.
 */
export function publishSlot(lastPublishAtMs: number | null, nowMs: number, periodMs: number, urgent: boolean): { now: true } | { inMs: number } {
  if (urgent || lastPublishAtMs === null) return { now: true };
  const due = lastPublishAtMs + periodMs;
  return nowMs >= due ? { now: true } : { inMs: due - nowMs };
}
