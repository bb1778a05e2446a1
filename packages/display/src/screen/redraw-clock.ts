import { Disposer } from '@mapio/runtime';

export interface RedrawClockOptions {
  /** After a press (or the start), data changes are drawn at once for this long; later, at the next minute. */
  attentionMs: number;
  /** While an update or first boot takes over, progress is drawn at most this often. */
  takeoverThrottleMs: number;
  now: () => Date;
}

/**
 * When to draw, apart from the moments something visible changes: every minute (just after it
 * turns, so the clock is right), and a takeover's progress at most every few seconds. Also tells
 * whether someone looked at the panel lately (data changes are then drawn at once).
 */
export class RedrawClock {
  private readonly disposer = new Disposer();
  private attentionAt = -Infinity;
  private lastProgressAt = -Infinity;
  private tickTimer: NodeJS.Timeout | null = null;
  private throttleTimer: NodeJS.Timeout | null = null;
  private running = false;

  constructor(
    private readonly options: RedrawClockOptions,
    private readonly redraw: (reason: 'tick' | 'progress') => void,
  ) {}

  start(): void {
    this.running = true;
    this.attend();
    this.disposer.add(() => {
      this.running = false;
      for (const timer of [this.tickTimer, this.throttleTimer]) if (timer) clearTimeout(timer);
      this.tickTimer = this.throttleTimer = null;
    });
    this.scheduleTick();
  }

  stop(): Promise<void> {
    return this.disposer.dispose();
  }

  /** Someone is looking at the panel (a button was pressed). */
  attend(): void {
    this.attentionAt = performance.now();
  }

  get attended(): boolean {
    return performance.now() - this.attentionAt < this.options.attentionMs;
  }

  /** A takeover was drawn: its next progress waits the throttle from now. */
  takeoverDrawn(): void {
    this.lastProgressAt = performance.now();
  }

  /** A takeover's data changed: drawn now, or once the throttle allows (changes meanwhile join it). */
  progress(): void {
    if (!this.running || this.throttleTimer) return;
    const wait = this.lastProgressAt + this.options.takeoverThrottleMs - performance.now();
    if (wait <= 0) {
      this.redraw('progress');
      return;
    }
    this.throttleTimer = setTimeout(() => {
      this.throttleTimer = null;
      this.redraw('progress');
    }, wait);
  }

  private scheduleTick(): void {
    if (!this.running) return;
    const now = this.options.now().getTime();
    this.tickTimer = setTimeout(() => {
      this.redraw('tick');
      this.scheduleTick();
    }, 60_000 - (now % 60_000) + 50);
  }
}
