import type { ButtonName, PageName, ViewName } from '@mapio/contracts';
import { Disposer, type Feature } from '@mapio/runtime';
import { checkDisplayFont } from '../render/font';
import {
  choosePage,
  initialState,
  inputChanged,
  notificationExpired,
  notify,
  press,
  settlePage,
  type NavigatorState,
  type Step,
  type Surroundings,
} from './navigator';
import { RedrawClock } from './redraw-clock';
import { ScreenDrawer, type ScreenDrawerDeps } from './screen-drawer';

export interface ScreenControllerDeps extends Omit<ScreenDrawerDeps, 'now'> {
  now?: () => Date;
  /** After a press (or the start), data changes are drawn at once for this long; later, at the next minute. */
  attentionMs?: number;
  /** While an update or first boot takes over, progress is drawn at most this often. */
  takeoverThrottleMs?: number;
  /** How long a notification stays without a press. */
  notificationTimeoutMs?: number;
}

/**
 * The panel's screens as a feature: hands each event (press, input, notification, chosen page) to
 * the navigator, acts on what it decides (the web server command, a redraw now or by the clock)
 * and lets the drawer draw.
 */
export class ScreenController implements Feature {
  readonly name = 'views';
  private state: NavigatorState;
  private readonly drawer: ScreenDrawer;
  private readonly clock: RedrawClock;
  private disposer = new Disposer();
  private notificationTimer: NodeJS.Timeout | null = null;
  private stopped = true;

  constructor(private readonly deps: ScreenControllerDeps) {
    const now = deps.now ?? (() => new Date());
    this.state = initialState(deps.store.snapshot);
    this.drawer = new ScreenDrawer({ ...deps, now });
    this.clock = new RedrawClock(
      { attentionMs: deps.attentionMs ?? 15_000, takeoverThrottleMs: deps.takeoverThrottleMs ?? 5000, now },
      (reason) => void this.redraw(reason),
    );
  }

  /** The screen on the panel (or on its way there). */
  get view(): ViewName {
    return this.drawer.view;
  }

  /** Resolves when the latest redraw has handed its frame to the panel queue. */
  drawn(): Promise<void> {
    return this.drawer.drawn();
  }

  async start(): Promise<void> {
    await checkDisplayFont();
    await this.deps.renderer.prepare();
    this.disposer = new Disposer();
    this.stopped = false;
    this.state = { ...initialState(this.deps.store.snapshot), page: this.state.page, otaFailureDismissed: this.state.otaFailureDismissed };
    this.disposer.add(this.deps.store.onChange((name) => this.apply(inputChanged(this.state, name, this.deps.store.snapshot))));
    this.disposer.add(() => this.clearNotificationTimer());
    this.clock.start();
    this.disposer.add(() => this.clock.stop());
    void this.redraw('start');
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.drawer.cancel();
    await this.disposer.dispose();
  }

  press(button: ButtonName): void {
    if (this.stopped) return;
    this.clock.attend();
    this.apply(press(this.state, button, this.surroundings()));
  }

  /** A message from Home Assistant: shown until a press, a chosen page or the timeout. */
  notify(message: string): void {
    if (this.stopped) return;
    this.clearNotificationTimer();
    this.notificationTimer = setTimeout(() => {
      this.notificationTimer = null;
      this.apply(notificationExpired(this.state, this.deps.store.snapshot));
    }, this.deps.notificationTimeoutMs ?? 300_000);
    this.apply(notify(this.state, message, this.deps.store.snapshot));
  }

  /** A page chosen from Home Assistant. */
  choose(page: PageName): void {
    if (this.stopped) return;
    const step = choosePage(this.state, page, this.surroundings());
    if (step.redraw === null && this.state.page !== page) {
      this.deps.logger.info({ page, shown: this.drawer.view }, 'page not shown: another screen takes over, or it has nothing to show');
    }
    this.apply(step);
  }

  private surroundings(): Surroundings {
    return { inputs: this.deps.store.snapshot, customAvailable: this.deps.customPhoto.exists() };
  }

  private apply({ state, redraw, command }: Step): void {
    this.state = state;
    if (state.notification === null) this.clearNotificationTimer();
    if (command === 'toggle-web-server') this.deps.bus.publish('mapio/webserver-back/http/set', { action: 'toggle' });
    switch (redraw) {
      case null:
        return;
      case 'press':
        this.drawer.showWaitBox();
        void this.redraw(redraw);
        return;
      case 'progress':
        this.clock.progress();
        return;
      case 'data':
        if (this.clock.attended) void this.redraw(redraw);
        return;
      default:
        void this.redraw(redraw);
    }
  }

  private redraw(reason: string): Promise<void> {
    if (this.stopped) return Promise.resolve();
    this.state = settlePage(this.state, this.deps.customPhoto.exists());
    if (this.state.takeover === 'ota' || this.state.takeover === 'init') this.clock.takeoverDrawn();
    return this.drawer.draw(this.state, reason);
  }

  private clearNotificationTimer(): void {
    if (this.notificationTimer) clearTimeout(this.notificationTimer);
    this.notificationTimer = null;
  }
}
