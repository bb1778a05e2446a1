import { packForRam, type MonoImage, type RefreshKind, type Ssd1680 } from '@mapio/epd-waveshare';
import { errorMessage, type Logger } from '@mapio/runtime';
import type { RefreshPolicy } from './refresh-policy';

type PanelDriver = Pick<Ssd1680, 'displayFull' | 'displayFast' | 'displayPartial' | 'sleep' | 'shown'>;

export interface RefreshDone {
  kind: RefreshKind;
  durationMs: number;
}

/**
 * The only way frames reach the panel. One refresh at a time; frames that arrive meanwhile wait,
 * and only the latest one is drawn next. A frame equal to what the panel shows is not drawn again.
 * The panel goes to deep sleep whenever nothing is waiting.
 */
export class PanelScheduler {
  private pending: { ram: Uint8Array; transient: boolean } | null = null;
  private running: Promise<void> | null = null;
  private stopping = false;
  private readonly listeners = new Set<(done: RefreshDone) => void>();

  constructor(
    private readonly driver: PanelDriver,
    private readonly policy: RefreshPolicy,
    private readonly logger: Logger,
    private readonly now: () => number = Date.now,
  ) {}

  /** Queues `frame` (replacing any frame still waiting). Transient frames get a partial refresh. */
  show(frame: MonoImage, options: { transient?: boolean } = {}): void {
    if (this.stopping) return;
    this.pending = { ram: packForRam(frame), transient: options.transient ?? false };
    this.running ??= this.drain();
  }

  onRefreshed(listener: (done: RefreshDone) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Resolves once nothing is waiting and the panel sleeps. */
  async idle(): Promise<void> {
    while (this.running) await this.running;
  }

  /** Drops what waits, lets the refresh under way finish (up to `timeoutMs`), puts the panel to sleep. */
  async stop(timeoutMs: number): Promise<void> {
    this.stopping = true;
    this.pending = null;
    const running = this.running;
    if (!running) return;
    const finished = await Promise.race([
      running.then(() => true),
      new Promise<boolean>((resolve) => setTimeout(() => resolve(false), timeoutMs).unref()),
    ]);
    if (!finished) this.logger.warn({ timeoutMs }, 'e-paper refresh still running at shutdown: leaving the panel awake');
  }

  /** Refreshes until nothing waits, then sleeps the panel. Clears `running` in the same tick as its last check. */
  private async drain(): Promise<void> {
    for (;;) {
      while (this.pending) {
        const { ram, transient } = this.pending;
        this.pending = null;
        const shown = this.driver.shown;
        if (shown && Buffer.from(shown).equals(Buffer.from(ram))) continue;
        await this.refresh(ram, transient);
      }
      try {
        // After a failure the controller state is unknown; the next refresh starts with a reset anyway.
        if (this.driver.shown !== null) await this.driver.sleep();
      } catch (error) {
        this.logger.error({ err: errorMessage(error) }, 'e-paper deep sleep failed');
      }
      // A frame may have come while the panel was being put to sleep.
      if (!this.pending || this.stopping) {
        this.running = null;
        return;
      }
    }
  }

  private async refresh(ram: Uint8Array, transient: boolean): Promise<void> {
    const startedAt = this.now();
    const kind = this.policy.choose(startedAt, transient);
    try {
      if (kind === 'full') await this.driver.displayFull(ram);
      else if (kind === 'fast') await this.driver.displayFast(ram);
      else await this.driver.displayPartial(ram);
      this.policy.record(kind, startedAt);
      const done = { kind, durationMs: this.now() - startedAt };
      this.logger.debug(done, 'e-paper refreshed');
      for (const listener of this.listeners) listener(done);
    } catch (error) {
      this.policy.invalidate();
      this.logger.error({ kind, err: errorMessage(error) }, 'e-paper refresh failed: the next one will be full');
    }
  }
}
