import type { ButtonName, ViewName } from '@mapio/contracts';
import type { MonoImage } from '@mapio/epd-waveshare';
import type { Feature, Logger, MqttBus } from '@mapio/runtime';
import type { LocalFacts } from './host/local-facts';
import type { PanelScheduler } from './panel/panel-scheduler';
import { checkDisplayFont } from './render/font';
import type { ScreenRenderer } from './render/screen-renderer';
import type { DisplayStore, InputName } from './state/display-inputs';
import type { CustomPhoto } from './views/custom-photo';
import { availablePages, pagePosition, turnPage } from './views/navigation';
import { pageScreen, takeoverScreen, takeoverView } from './views/screen-builder';
import type { PagePosition, PageName, Screen } from './views/view-data';

export interface ScreenControllerDeps {
  scheduler: () => PanelScheduler;
  store: DisplayStore;
  facts: LocalFacts;
  customPhoto: CustomPhoto;
  renderer: ScreenRenderer;
  bus: Pick<MqttBus, 'publish'>;
  logger: Logger;
  now?: () => Date;
  /** After a press (or the start), data changes are drawn at once for this long; later, at the next minute. */
  attentionMs?: number;
  /** While an update or first boot takes over, progress is drawn at most this often. */
  takeoverThrottleMs?: number;
}

type Reason = 'start' | 'press' | 'tick' | 'data' | 'takeover';

/**
 * What the panel shows and when: the page DOWN / UP select (MID acts on WEB SERVER), replaced while
 * an OS update or first-boot work runs. Redraws on a press (after a "Wait..." box at once), on a
 * takeover, on data changes while someone looks, and every minute; the panel queue drops frames
 * equal to what is shown, so an unchanged minute costs no refresh.
 */
export class ScreenController implements Feature {
  readonly name = 'views';
  private page: PageName = 'home';
  private takeover: 'ota' | 'init' | null = null;
  private otaPhase: string | null = null;
  private otaFailureDismissed = false;
  private lastFrame: MonoImage | null = null;
  private publishedView: ViewName | null = null;
  private generation = 0;
  private drawing: Promise<void> = Promise.resolve();
  private attentionAt = -Infinity;
  private lastTakeoverDrawAt = -Infinity;
  private tickTimer: NodeJS.Timeout | null = null;
  private throttleTimer: NodeJS.Timeout | null = null;
  private unsubscribe: (() => void) | null = null;
  private stopped = false;

  constructor(private readonly deps: ScreenControllerDeps) {}

  /** Resolves when the latest redraw has handed its frame to the panel queue. */
  async drawn(): Promise<void> {
    let seen: Promise<void> | null = null;
    while (seen !== this.drawing) {
      seen = this.drawing;
      await seen;
    }
  }

  /** The screen on the panel (or on its way there). */
  get view(): ViewName {
    return this.publishedView ?? 'home';
  }

  async start(): Promise<void> {
    this.stopped = false;
    await checkDisplayFont();
    await this.deps.renderer.prepare();
    this.attentionAt = performance.now();
    this.otaPhase = this.deps.store.snapshot.ota?.phase ?? null;
    this.takeover = takeoverView(this.deps.store.snapshot, this.otaFailureDismissed);
    this.unsubscribe = this.deps.store.onChange((name) => this.onInput(name));
    void this.redraw('start');
    this.scheduleTick();
  }

  stop(): void {
    this.stopped = true;
    this.generation++;
    this.unsubscribe?.();
    this.unsubscribe = null;
    for (const timer of [this.tickTimer, this.throttleTimer]) if (timer) clearTimeout(timer);
    this.tickTimer = this.throttleTimer = null;
  }

  press(button: ButtonName): void {
    if (this.stopped) return;
    this.attentionAt = performance.now();
    if (this.takeover) {
      // Only a failed update can be dismissed; nothing else interrupts an update or first boot.
      if (this.takeover !== 'ota' || this.deps.store.snapshot.ota?.phase !== 'failed') return;
      this.otaFailureDismissed = true;
      this.takeover = takeoverView(this.deps.store.snapshot, true);
    } else if (button === 'mid') {
      if (this.page !== 'webserver') return;
      this.deps.bus.publish('mapio/webserver-back/http/set', { action: 'toggle' });
    } else {
      const pages = availablePages(this.deps.customPhoto.exists());
      this.page = turnPage(this.page, button === 'down' ? 'next' : 'previous', pages);
    }
    if (this.lastFrame) this.deps.scheduler().show(this.deps.renderer.withWaitBox(this.lastFrame), { transient: true });
    void this.redraw('press');
  }

  private onInput(name: InputName): void {
    const inputs = this.deps.store.snapshot;
    let phaseChanged = false;
    if (name === 'ota') {
      const phase = inputs.ota?.phase ?? null;
      phaseChanged = phase !== this.otaPhase;
      this.otaPhase = phase;
      if (phaseChanged) this.otaFailureDismissed = false;
    }
    const next = takeoverView(inputs, this.otaFailureDismissed);
    if (next !== this.takeover || (next !== null && phaseChanged)) {
      this.takeover = next;
      void this.redraw('takeover');
    } else if (next !== null) {
      this.redrawThrottled();
    } else if (performance.now() - this.attentionAt < (this.deps.attentionMs ?? 15_000)) {
      void this.redraw('data');
    }
  }

  private redrawThrottled(): void {
    if (this.throttleTimer) return;
    const wait = this.lastTakeoverDrawAt + (this.deps.takeoverThrottleMs ?? 5000) - performance.now();
    if (wait <= 0) {
      void this.redraw('takeover');
      return;
    }
    this.throttleTimer = setTimeout(() => {
      this.throttleTimer = null;
      void this.redraw('takeover');
    }, wait);
  }

  private scheduleTick(): void {
    if (this.stopped) return;
    const now = (this.deps.now ?? (() => new Date()))().getTime();
    // Just after the minute turns, so the clock is right.
    this.tickTimer = setTimeout(() => {
      void this.redraw('tick');
      this.scheduleTick();
    }, 60_000 - (now % 60_000) + 50);
  }

  private redraw(reason: Reason): Promise<void> {
    this.drawing = this.draw(reason);
    return this.drawing;
  }

  private async draw(reason: Reason): Promise<void> {
    const generation = ++this.generation;
    try {
      const { screen, position } = await this.currentScreen();
      const frame = await this.deps.renderer.render(screen, position);
      if (generation !== this.generation) return; // a newer redraw started meanwhile
      this.lastFrame = frame;
      this.deps.scheduler().show(frame);
      if (this.takeover) this.lastTakeoverDrawAt = performance.now();
      if (screen.view !== this.publishedView) {
        this.publishedView = screen.view;
        this.deps.bus.publish('mapio/display/view', { view: screen.view, at: new Date().toISOString() });
        this.deps.logger.info({ view: screen.view, reason }, 'view shown');
      }
    } catch (error) {
      this.deps.logger.error({ reason, err: (error as Error).message }, 'cannot draw the view');
    }
  }

  private async currentScreen(): Promise<{ screen: Screen; position: PagePosition | null }> {
    const { store, facts, customPhoto } = this.deps;
    const inputs = store.snapshot;
    const takeover = this.takeover ? takeoverScreen(this.takeover, inputs) : null;
    if (takeover) return { screen: takeover, position: null };
    const pages = availablePages(customPhoto.exists());
    if (!pages.includes(this.page)) this.page = 'home';
    const page = this.page;
    const screen = pageScreen(page, {
      inputs,
      facts: await facts.read(),
      now: (this.deps.now ?? (() => new Date()))(),
      customPhoto: page === 'custom' ? await customPhoto.load() : null,
    });
    return { screen, position: pagePosition(page, pages) };
  }
}
