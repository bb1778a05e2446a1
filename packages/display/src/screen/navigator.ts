import type { ButtonName, PageName } from '@mapio/contracts';
import type { DisplayInputs } from '../state/display-inputs';
import { availablePages, turnPage } from '../views/navigation';
import { takeoverView } from '../views/screen-builder';

/** A screen that replaces the pages while it lasts. */
export type Takeover = 'ota' | 'init' | 'notification';

/** Everything that decides which screen shows, and nothing about when it is drawn. */
export interface NavigatorState {
  page: PageName;
  /** The takeover shown, as last decided (a change of it is drawn at once). */
  takeover: Takeover | null;
  /** The OS update's phase last seen: a new phase brings a dismissed failure back. */
  otaPhase: string | null;
  otaFailureDismissed: boolean;
  /** A message from Home Assistant, shown until a button is pressed or it times out. */
  notification: string | null;
}

/**
 * Why the screen must be drawn again: `press` (after a "Wait..." box), `takeover` (at once),
 * `progress` (a takeover's data: at most every few seconds), `data` (a page's data: at once only
 * while someone looks), `select` (a page chosen from Home Assistant: at once).
 */
export type RedrawReason = 'press' | 'takeover' | 'progress' | 'data' | 'select';

export interface Step {
  state: NavigatorState;
  redraw: RedrawReason | null;
  /** MID on WEB SERVER: ask webserver-back to switch the web server. */
  command: 'toggle-web-server' | null;
}

export interface Surroundings {
  inputs: DisplayInputs;
  /** Whether the CUSTOM page's picture exists now. */
  customAvailable: boolean;
}

export function initialState(inputs: DisplayInputs): NavigatorState {
  const state: NavigatorState = { page: 'home', takeover: null, otaPhase: inputs.ota?.phase ?? null, otaFailureDismissed: false, notification: null };
  return { ...state, takeover: takeoverOf(state, inputs) };
}

/** An OS update or first boot comes first; a notification shows when neither does. */
export function takeoverOf(state: NavigatorState, inputs: DisplayInputs): Takeover | null {
  return takeoverView(inputs, state.otaFailureDismissed) ?? (state.notification === null ? null : 'notification');
}

const step = (state: NavigatorState, redraw: RedrawReason | null, command: Step['command'] = null): Step => ({ state, redraw, command });

/**
 * A button press. Nothing interrupts an update or first boot but a failed update, which any
 * button dismisses, as any button dismisses a notification; otherwise DOWN / UP turn the page
 * and MID acts on WEB SERVER only.
 */
export function press(state: NavigatorState, button: ButtonName, { inputs, customAvailable }: Surroundings): Step {
  if (state.takeover === 'ota' || state.takeover === 'init') {
    if (state.takeover !== 'ota' || inputs.ota?.phase !== 'failed') return step(state, null);
    const next = { ...state, otaFailureDismissed: true };
    return step({ ...next, takeover: takeoverOf(next, inputs) }, 'press');
  }
  if (state.takeover === 'notification') return step(withoutNotification(state, inputs), 'press');
  if (button === 'mid') return state.page === 'webserver' ? step(state, 'press', 'toggle-web-server') : step(state, null);
  const page = turnPage(state.page, button === 'down' ? 'next' : 'previous', availablePages(customAvailable));
  return step({ ...state, page }, 'press');
}

/** Another daemon's state changed (`changed` names which). */
export function inputChanged(state: NavigatorState, changed: keyof DisplayInputs, inputs: DisplayInputs): Step {
  let next = state;
  let phaseChanged = false;
  if (changed === 'ota') {
    const phase = inputs.ota?.phase ?? null;
    phaseChanged = phase !== state.otaPhase;
    next = { ...state, otaPhase: phase, otaFailureDismissed: phaseChanged ? false : state.otaFailureDismissed };
  }
  const takeover = takeoverOf(next, inputs);
  next = { ...next, takeover };
  if (takeover !== state.takeover || (takeover !== null && phaseChanged)) return step(next, 'takeover');
  if (takeover === 'notification') return step(next, null); // it shows nothing of the inputs
  return step(next, takeover === null ? 'data' : 'progress');
}

/** A message to show (replacing one already shown). */
export function notify(state: NavigatorState, message: string, inputs: DisplayInputs): Step {
  const next = { ...state, notification: message };
  const takeover = takeoverOf(next, inputs);
  const visibleChange = takeover !== state.takeover || (takeover === 'notification' && message !== state.notification);
  return step({ ...next, takeover }, visibleChange ? 'takeover' : null);
}

/** The notification timed out. */
export function notificationExpired(state: NavigatorState, inputs: DisplayInputs): Step {
  if (state.notification === null) return step(state, null);
  const next = withoutNotification(state, inputs);
  return step(next, next.takeover !== state.takeover ? 'takeover' : null);
}

/**
 * A page chosen from Home Assistant: shown unless an update or first boot takes over (it also
 * dismisses a notification, as a press would). CUSTOM only while its picture exists.
 */
export function choosePage(state: NavigatorState, page: PageName, { inputs, customAvailable }: Surroundings): Step {
  if (state.takeover === 'ota' || state.takeover === 'init') return step(state, null);
  if (!availablePages(customAvailable).includes(page)) return step(state, null);
  const next = withoutNotification({ ...state, page }, inputs);
  return step(next, next.page !== state.page || next.takeover !== state.takeover ? 'select' : null);
}

/** The page to draw: the one chosen, or HOME once it went away (CUSTOM without its picture). */
export function settlePage(state: NavigatorState, customAvailable: boolean): NavigatorState {
  return availablePages(customAvailable).includes(state.page) ? state : { ...state, page: 'home' };
}

function withoutNotification(state: NavigatorState, inputs: DisplayInputs): NavigatorState {
  const next = { ...state, notification: null };
  return { ...next, takeover: takeoverOf(next, inputs) };
}
