import type { RefreshKind } from '@mapio/epd-waveshare';

export interface RefreshPolicyOptions {
  /** Partial refreshes allowed between two full ones (ghosting builds up otherwise). */
  fullEvery: number;
  /** A full refresh at least this often, however few partial ones there were. */
  fullAfterMs: number;
  /** What "full" means: the classic full refresh, or the V4's fast one. */
  fullKind: 'full' | 'fast';
}

/**
 * Which refresh the next frame gets. Full when nothing is known of the panel (start, after a
 * failure), after `fullEvery` partial ones, or when the last full one is older than `fullAfterMs`;
 * partial otherwise. A transient frame (the "Wait..." box) is always partial when it can be.
 */
export class RefreshPolicy {
  private partialsSinceFull = 0;
  private lastFullAt: number | null = null;

  constructor(private readonly options: RefreshPolicyOptions) {}

  choose(nowMs: number, transient = false): RefreshKind {
    if (this.lastFullAt === null) return this.options.fullKind;
    if (transient) return 'partial';
    if (this.partialsSinceFull >= this.options.fullEvery) return this.options.fullKind;
    if (nowMs - this.lastFullAt >= this.options.fullAfterMs) return this.options.fullKind;
    return 'partial';
  }

  record(kind: RefreshKind, nowMs: number): void {
    if (kind === 'partial') {
      this.partialsSinceFull++;
    } else {
      this.partialsSinceFull = 0;
      this.lastFullAt = nowMs;
    }
  }

  /** The panel's content is unknown (a refresh failed): the next one is full. */
  invalidate(): void {
    this.lastFullAt = null;
    this.partialsSinceFull = 0;
  }
}
