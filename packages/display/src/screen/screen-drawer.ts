import type { ViewName } from '@mapio/contracts';
import type { MonoImage } from '@mapio/epd-waveshare';
import { errorMessage, type Logger, type MqttBus } from '@mapio/runtime';
import type { LocalFacts } from '../host/local-facts';
import type { PanelScheduler } from '../panel/panel-scheduler';
import type { ScreenRenderer } from '../render/screen-renderer';
import type { DisplayStore } from '../state/display-inputs';
import type { CustomPhoto } from '../views/custom-photo';
import { availablePages, pagePosition } from '../views/navigation';
import { pageScreen, takeoverScreen } from '../views/screen-builder';
import type { PagePosition, Screen } from '../views/view-data';
import type { NavigatorState } from './navigator';

export interface ScreenDrawerDeps {
  scheduler: () => PanelScheduler;
  store: DisplayStore;
  facts: LocalFacts;
  customPhoto: CustomPhoto;
  renderer: ScreenRenderer;
  bus: Pick<MqttBus, 'publish'>;
  logger: Logger;
  now: () => Date;
}

/**
 * Turns the navigator's state into a frame for the panel queue, and says which view is shown on
 * `mapio/display/view`. The latest draw wins: one started later makes an earlier one drop its frame.
 * The panel queue drops frames equal to what is shown, so an unchanged redraw costs no refresh.
 */
export class ScreenDrawer {
  private lastFrame: MonoImage | null = null;
  /** What the last frame shows, to skip drawing the same screen again (the minute tick on a page whose data did not change). */
  private lastScreenKey: string | null = null;
  private publishedView: ViewName | null = null;
  private generation = 0;
  private drawing: Promise<void> = Promise.resolve();

  constructor(private readonly deps: ScreenDrawerDeps) {}

  /** The screen on the panel (or on its way there). */
  get view(): ViewName {
    return this.publishedView ?? 'home';
  }

  /** Resolves when the latest draw has handed its frame to the panel queue. */
  async drawn(): Promise<void> {
    let seen: Promise<void> | null = null;
    while (seen !== this.drawing) {
      seen = this.drawing;
      await seen;
    }
  }

  /** The "Wait..." box over the last frame, at once (a partial refresh), while the next one is drawn. */
  showWaitBox(): void {
    if (!this.lastFrame) return;
    this.lastScreenKey = null; // the panel no longer shows the last screen as drawn: the next draw must replace the box
    this.deps.scheduler().show(this.deps.renderer.withWaitBox(this.lastFrame), { transient: true });
  }

  draw(state: NavigatorState, reason: string): Promise<void> {
    this.drawing = this.drawNow(state, reason);
    return this.drawing;
  }

  /** Drops any draw under way (shutdown). */
  cancel(): void {
    this.generation++;
  }

  private async drawNow(state: NavigatorState, reason: string): Promise<void> {
    const generation = ++this.generation;
    try {
      const { screen, position } = await this.screenOf(state);
      const key = screenKey(screen, position);
      if (key !== null && key === this.lastScreenKey) {
        this.deps.logger.debug({ view: screen.view, reason }, 'screen unchanged, not drawn');
        return;
      }
      const frame = await this.deps.renderer.render(screen, position);
      if (generation !== this.generation) return; // a newer draw started meanwhile
      this.lastFrame = frame;
      this.lastScreenKey = key;
      this.deps.scheduler().show(frame);
      if (screen.view !== this.publishedView) {
        this.publishedView = screen.view;
        this.deps.bus.publish('mapio/display/view', { view: screen.view, at: new Date().toISOString() });
        this.deps.logger.info({ view: screen.view, reason }, 'view shown');
      }
    } catch (error) {
      this.deps.logger.error({ reason, err: errorMessage(error) }, 'cannot draw the view');
    }
  }

  private async screenOf(state: NavigatorState): Promise<{ screen: Screen; position: PagePosition | null }> {
    const { store, facts, customPhoto } = this.deps;
    const inputs = store.snapshot;
    if (state.takeover === 'notification' && state.notification !== null) {
      return { screen: { view: 'notification', data: { message: state.notification } }, position: null };
    }
    const takeover = state.takeover === 'ota' || state.takeover === 'init' ? takeoverScreen(state.takeover, inputs) : null;
    if (takeover) return { screen: takeover, position: null };
    const pages = availablePages(customPhoto.exists());
    const page = state.page;
    const screen = pageScreen(page, {
      inputs,
      facts: await facts.read(),
      now: this.deps.now(),
      customPhoto: page === 'custom' ? await customPhoto.load() : null,
    });
    return { screen, position: pagePosition(page, pages) };
  }
}

/** A screen's data as text (null for a picture, which is shown as it is and never drawn). */
function screenKey(screen: Screen, position: PagePosition | null): string | null {
  return screen.view === 'custom' && screen.photo ? null : JSON.stringify({ screen, position });
}
