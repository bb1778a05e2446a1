import type { Logger } from 'pino';

/** Beyond this many topics in one period, the others are counted together (a flood of made-up topics). */
const MAX_TOPICS = 100;
const OTHER_TOPICS = '(other topics)';

/**
 * Warnings about invalid incoming payloads, bounded: per topic the first one is logged in full, the
 * ones after it only counted, and the counts logged once per period. A topic quiet for a whole
 * period starts again with a full warning. A flood of garbage costs a line a minute, not one each.
 */
export class InvalidPayloadLog {
  /** Topics warned about in this period -> invalid payloads since the warning or the last count. */
  private readonly counts = new Map<string, { dropped: number; lastReason: string }>();
  private timer: NodeJS.Timeout | null = null;

  constructor(
    private readonly log: Logger,
    private readonly periodMs: number,
  ) {}

  note(topic: string, reason: string): void {
    const known = this.counts.get(topic) ?? (this.counts.size >= MAX_TOPICS ? this.counts.get(OTHER_TOPICS) : undefined);
    if (known) {
      known.dropped += 1;
      known.lastReason = reason;
      return;
    }
    if (this.counts.size >= MAX_TOPICS) {
      this.counts.set(OTHER_TOPICS, { dropped: 1, lastReason: reason });
    } else {
      this.log.warn({ topic, reason }, 'invalid payload dropped');
      this.counts.set(topic, { dropped: 0, lastReason: reason });
    }
    this.schedule();
  }

  /** Logs the counts not reported yet (the bus closes). */
  close(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.report();
  }

  private schedule(): void {
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = null;
      this.report();
      if (this.counts.size > 0) this.schedule();
    }, this.periodMs);
    this.timer.unref();
  }

  private report(): void {
    for (const [topic, entry] of this.counts) {
      if (entry.dropped === 0) {
        this.counts.delete(topic);
        continue;
      }
      this.log.warn({ topic, dropped: entry.dropped, lastReason: entry.lastReason, periodMs: this.periodMs }, 'invalid payloads dropped');
      entry.dropped = 0;
    }
  }
}
