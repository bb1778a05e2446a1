import { NO_INPUTS } from '../src/state/display-inputs';
import { formatCelsius, formatClock, formatPercent, formatUptime, formatVolts } from '../src/views/format';
import { availablePages, pagePosition, turnPage } from '../src/views/navigation';
import { pageScreen, takeoverScreen, takeoverView, webServerData } from '../src/views/screen-builder';
import { FACTS, INPUTS, NO_FACTS, NOW, PAIRING_URL } from './support/fixtures';

describe('the page cycle', () => {
  const withCustom = availablePages(true);
  const withoutCustom = availablePages(false);

  it('is HOME, SYSTEM, WEB SERVER, STATUS, and CUSTOM only while its picture exists', () => {
    expect(withoutCustom).toEqual(['home', 'system', 'webserver', 'status']);
    expect(withCustom).toEqual(['home', 'system', 'webserver', 'status', 'custom']);
  });

  it('DOWN goes to the next page and wraps from the last to HOME', () => {
    expect(turnPage('home', 'next', withoutCustom)).toBe('system');
    expect(turnPage('status', 'next', withoutCustom)).toBe('home');
    expect(turnPage('status', 'next', withCustom)).toBe('custom');
    expect(turnPage('custom', 'next', withCustom)).toBe('home');
  });

  it('UP goes to the previous page and wraps from HOME to the last', () => {
    expect(turnPage('system', 'previous', withoutCustom)).toBe('home');
    expect(turnPage('home', 'previous', withoutCustom)).toBe('status');
    expect(turnPage('home', 'previous', withCustom)).toBe('custom');
  });

  it('leaves a page that went away (its picture was deleted) for its neighbour', () => {
    expect(turnPage('custom', 'next', withoutCustom)).toBe('home');
    expect(turnPage('custom', 'previous', withoutCustom)).toBe('status');
  });

  it('numbers the pages from 1 in the title bar', () => {
    expect(pagePosition('webserver', withCustom)).toEqual({ index: 3, count: 5 });
  });
});

describe('what each page shows', () => {
  it('HOME: HH:MM in local time, IP and OS version read locally', () => {
    const screen = pageScreen('home', { inputs: NO_INPUTS, facts: FACTS, now: NOW, customPhoto: null });
    expect(screen).toEqual({ view: 'home', data: { clock: formatClock(NOW), ip: '192.168.1.20', osVersion: '1.4.0' } });
  });

  it('SYSTEM: the battery voltage comes from gpio-ha, the rest from this machine', () => {
    const screen = pageScreen('system', { inputs: INPUTS, facts: NO_FACTS, now: NOW, customPhoto: null });
    expect(screen).toEqual({
      view: 'system',
      data: { cpuPercent: null, ramPercent: null, diskPercent: null, uptimeSeconds: null, batteryVolts: 3.82, temperatureC: null },
    });
  });

  it('STATUS: counts running Docker services', () => {
    const screen = pageScreen('status', { inputs: INPUTS, facts: FACTS, now: NOW, customPhoto: null });
    expect(screen.view === 'status' && screen.data.docker).toEqual({ engine: 'running', running: 2, total: 3 });
  });

  it('STATUS with nothing received: every value unknown', () => {
    const screen = pageScreen('status', { inputs: NO_INPUTS, facts: FACTS, now: NOW, customPhoto: null });
    expect(screen).toEqual({ view: 'status', data: { power: null, internet: null, docker: null } });
  });

  describe('WEB SERVER', () => {
    it('shows the pairing URL and its short code while its token is valid (the QR code logs in)', () => {
      expect(webServerData(INPUTS, NOW)).toEqual({
        enabled: true,
        address: '192.168.1.20:8456',
        qrUrl: PAIRING_URL,
        loggedIn: true,
        pairingCode: 'K7RX-3MPV',
        accessPoint: null,
      });
    });

    it('falls back to the plain URL when the token expired or none came', () => {
      const later = new Date('2026-11-26T10:10:00.000Z');
      expect(webServerData(INPUTS, later)).toMatchObject({ qrUrl: 'http://192.168.1.20:8456/', loggedIn: false, pairingCode: null });
      expect(webServerData({ ...INPUTS, pairing: null }, NOW)).toMatchObject({ qrUrl: 'http://192.168.1.20:8456/', loggedIn: false });
    });

    it('shows the access point only while it is up', () => {
      const up = { ...INPUTS, wifiAp: { active: true, ssid: 'MAPIO', password: 'x7Kp2mQ9', address: '10.50.0.1' } };
      expect(webServerData(up, NOW).accessPoint).toEqual({ ssid: 'MAPIO', password: 'x7Kp2mQ9' });
      expect(webServerData(INPUTS, NOW).accessPoint).toBeNull();
    });

    it('knows nothing before webserver-back said anything', () => {
      expect(webServerData(NO_INPUTS, NOW)).toEqual({ enabled: null, address: null, qrUrl: null, loggedIn: false, pairingCode: null, accessPoint: null });
    });
  });
});

describe('screens that take over', () => {
  const ota = (phase: 'idle' | 'installing' | 'failed' | 'rebooting') => ({ ...NO_INPUTS, ota: { phase, progress: 10, message: '' } });

  it('an OS update in progress takes over until it is idle again', () => {
    expect(takeoverView(ota('installing'), false)).toBe('ota');
    expect(takeoverView(ota('rebooting'), false)).toBe('ota');
    expect(takeoverView(ota('idle'), false)).toBeNull();
    expect(takeoverScreen('ota', ota('installing'))).toEqual({ view: 'ota', data: { phase: 'installing', progress: 10, message: '' } });
  });

  it('a failed update stays until dismissed', () => {
    expect(takeoverView(ota('failed'), false)).toBe('ota');
    expect(takeoverView(ota('failed'), true)).toBeNull();
  });

  it('first-boot work takes over while it grows or checks; done and failed do not', () => {
    const init = (phase: 'growing' | 'checking' | 'done' | 'failed') => ({ ...NO_INPUTS, init: { phase, message: '' } });
    expect(takeoverView(init('growing'), false)).toBe('init');
    expect(takeoverView(init('checking'), false)).toBe('init');
    expect(takeoverView(init('done'), false)).toBeNull();
    expect(takeoverView(init('failed'), false)).toBeNull();
  });

  it('the update wins over first-boot work', () => {
    expect(takeoverView({ ...ota('installing'), init: { phase: 'checking', message: '' } }, false)).toBe('ota');
  });
});

describe('formatting', () => {
  it('shows "--" for anything unknown', () => {
    expect([formatPercent(null), formatUptime(null), formatVolts(null), formatCelsius(null)]).toEqual(['--', '--', '--', '--']);
  });

  it('rounds and pads what it knows', () => {
    expect(formatPercent(43.6)).toBe('44%');
    expect(formatUptime(59)).toBe('0m');
    expect(formatUptime(2 * 3600 + 5 * 60)).toBe('2h 5m');
    expect(formatUptime(3 * 86400 + 4 * 3600)).toBe('3d 4h');
    expect(formatVolts(3.8)).toBe('3.80 V');
    expect(formatCelsius(47.5)).toBe('48°C');
    expect(formatClock(new Date(2026, 0, 1, 7, 5))).toBe('07:05');
  });
});
