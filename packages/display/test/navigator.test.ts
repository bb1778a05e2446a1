import type { ButtonName, OtaState } from '@mapio/contracts';
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
} from '../src/screen/navigator';
import { NO_INPUTS, type DisplayInputs } from '../src/state/display-inputs';

const idle: DisplayInputs = NO_INPUTS;
const withOta = (phase: OtaState['phase']): DisplayInputs => ({ ...NO_INPUTS, ota: { phase, progress: 10, message: '' } });
const growing: DisplayInputs = { ...NO_INPUTS, init: { phase: 'growing', message: '' } };
const on = (page: NavigatorState['page'], extra: Partial<NavigatorState> = {}): NavigatorState => ({ ...initialState(idle), page, ...extra });
const summary = ({ state, redraw, command }: Step) => ({ page: state.page, takeover: state.takeover, redraw, command });

describe('the navigator: a press -> the new state, whether to redraw, and a command', () => {
  const table: Array<[string, NavigatorState, ButtonName, DisplayInputs, boolean, ReturnType<typeof summary>]> = [
    ['DOWN on HOME', on('home'), 'down', idle, false, { page: 'system', takeover: null, redraw: 'press', command: null }],
    ['UP on HOME wraps to STATUS', on('home'), 'up', idle, false, { page: 'status', takeover: null, redraw: 'press', command: null }],
    ['UP on HOME with a picture: CUSTOM', on('home'), 'up', idle, true, { page: 'custom', takeover: null, redraw: 'press', command: null }],
    ['DOWN on STATUS wraps to HOME', on('status'), 'down', idle, false, { page: 'home', takeover: null, redraw: 'press', command: null }],
    ['DOWN on CUSTOM whose picture went', on('custom'), 'down', idle, false, { page: 'home', takeover: null, redraw: 'press', command: null }],
    ['MID on WEB SERVER toggles it', on('webserver'), 'mid', idle, false, { page: 'webserver', takeover: null, redraw: 'press', command: 'toggle-web-server' }],
    ['MID elsewhere does nothing', on('system'), 'mid', idle, false, { page: 'system', takeover: null, redraw: null, command: null }],
    ['any button during an update does nothing', on('system', { takeover: 'ota' }), 'down', withOta('installing'), false, { page: 'system', takeover: 'ota', redraw: null, command: null }],
    ['any button dismisses a failed update', on('system', { takeover: 'ota', otaPhase: 'failed' }), 'up', withOta('failed'), false, { page: 'system', takeover: null, redraw: 'press', command: null }],
    ['any button during first boot does nothing', on('home', { takeover: 'init' }), 'mid', growing, false, { page: 'home', takeover: 'init', redraw: null, command: null }],
    ['any button dismisses a notification, nothing else', on('webserver', { takeover: 'notification', notification: 'Hi' }), 'mid', idle, false, { page: 'webserver', takeover: null, redraw: 'press', command: null }],
  ];
  it.each(table)('%s', (_name, state, button, inputs, customAvailable, expected) => {
    expect(summary(press(state, button, { inputs, customAvailable }))).toEqual(expected);
  });

  it('a dismissed notification is gone from the state', () => {
    expect(press(on('home', { takeover: 'notification', notification: 'Hi' }), 'down', { inputs: idle, customAvailable: false }).state.notification).toBeNull();
  });
});

describe('the navigator: inputs, notifications and chosen pages', () => {
  it('an update starting takes over at once; its progress is throttled; its end gives the page back', () => {
    const start = inputChanged(on('status'), 'ota', withOta('installing'));
    expect(summary(start)).toEqual({ page: 'status', takeover: 'ota', redraw: 'takeover', command: null });
    const progress = inputChanged(start.state, 'ota', { ...withOta('installing'), ota: { phase: 'installing', progress: 50, message: '' } });
    expect(progress.redraw).toBe('progress');
    expect(summary(inputChanged(progress.state, 'ota', withOta('idle')))).toEqual({ page: 'status', takeover: null, redraw: 'takeover', command: null });
  });

  it('a new phase brings a dismissed failure back', () => {
    const dismissed = on('home', { otaPhase: 'failed', otaFailureDismissed: true });
    expect(inputChanged(dismissed, 'ota', withOta('failed')).state.takeover).toBeNull();
    expect(inputChanged(dismissed, 'ota', withOta('verifying')).state).toMatchObject({ takeover: 'ota', otaFailureDismissed: false });
  });

  it('page data changes are drawn (if someone looks); a notification hides them', () => {
    expect(inputChanged(on('system'), 'power', idle).redraw).toBe('data');
    expect(inputChanged(on('system', { takeover: 'notification', notification: 'Hi' }), 'power', idle).redraw).toBeNull();
  });

  it('a notification takes over at once, a new message is drawn again, the same one is not', () => {
    const shown = notify(on('home'), 'Door open', idle);
    expect(summary(shown)).toEqual({ page: 'home', takeover: 'notification', redraw: 'takeover', command: null });
    expect(notify(shown.state, 'Door open', idle).redraw).toBeNull();
    expect(notify(shown.state, 'Door closed', idle)).toMatchObject({ redraw: 'takeover', state: { notification: 'Door closed' } });
  });

  it('an update comes before a notification, which waits under it', () => {
    const during = notify(on('home', { takeover: 'ota' }), 'Door open', withOta('installing'));
    expect(during).toMatchObject({ redraw: null, state: { takeover: 'ota', notification: 'Door open' } });
    expect(inputChanged(during.state, 'ota', withOta('idle')).state.takeover).toBe('notification');
  });

  it('the timeout dismisses the notification', () => {
    const shown = notify(on('status'), 'Door open', idle).state;
    expect(summary(notificationExpired(shown, idle))).toEqual({ page: 'status', takeover: null, redraw: 'takeover', command: null });
    expect(notificationExpired(on('status'), idle).redraw).toBeNull();
  });

  it('a chosen page shows (dismissing a notification), but not during an update, nor CUSTOM without its picture', () => {
    const surroundings = { inputs: idle, customAvailable: false };
    expect(summary(choosePage(on('home'), 'webserver', surroundings))).toEqual({ page: 'webserver', takeover: null, redraw: 'select', command: null });
    expect(choosePage(on('home'), 'home', surroundings).redraw).toBeNull();
    expect(summary(choosePage(on('home', { takeover: 'notification', notification: 'x' }), 'home', surroundings))).toEqual({ page: 'home', takeover: null, redraw: 'select', command: null });
    expect(choosePage(on('home', { takeover: 'ota' }), 'system', { inputs: withOta('installing'), customAvailable: false }).redraw).toBeNull();
    expect(choosePage(on('home'), 'custom', surroundings).redraw).toBeNull();
    expect(choosePage(on('home'), 'custom', { inputs: idle, customAvailable: true }).state.page).toBe('custom');
  });

  it('a page that went away settles on HOME', () => {
    expect(settlePage(on('custom'), false).page).toBe('home');
    expect(settlePage(on('custom'), true).page).toBe('custom');
  });

  it('starts on HOME, or on what takes over', () => {
    expect(initialState(idle)).toEqual({ page: 'home', takeover: null, otaPhase: null, otaFailureDismissed: false, notification: null });
    expect(initialState(growing).takeover).toBe('init');
  });
});
