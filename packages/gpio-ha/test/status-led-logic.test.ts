import { batteryLed } from '../src/status-leds/battery-led';
import { systemLed, type SystemFacts } from '../src/status-leds/system-led';

const ALL_ONLINE = { display: 'online', 'gpio-ha': 'online', 'webserver-back': 'online' } as const;
const healthy: SystemFacts = { brokerConnected: true, availability: ALL_ONLINE, docker: 'running', init: 'done' };
const GRACE = 60_000;

describe('LED1 (system)', () => {
  it('is green when the three daemons are online and Docker runs, even during the grace period', () => {
    expect(systemLed(healthy, 1000, GRACE)).toEqual({ look: { colour: 'green', blink: false }, reason: 'all running' });
    expect(systemLed({ ...healthy, init: null }, 1000, GRACE).look.colour).toBe('green');
  });

  it('is orange while init works, whatever the time', () => {
    expect(systemLed({ ...healthy, init: 'growing' }, 10 * GRACE, GRACE)).toEqual({
      look: { colour: 'orange', blink: false },
      reason: 'init growing',
    });
    expect(systemLed({ ...healthy, init: 'checking' }, 0, GRACE).look.colour).toBe('orange');
  });

  it('is orange within the grace period while things come up, red after it', () => {
    const starting: SystemFacts = { brokerConnected: true, availability: { 'gpio-ha': 'online' }, docker: null, init: 'done' };
    expect(systemLed(starting, GRACE - 1, GRACE)).toEqual({
      look: { colour: 'orange', blink: false },
      reason: 'starting: display not heard of, webserver-back not heard of, docker not heard of',
    });
    expect(systemLed(starting, GRACE, GRACE).look.colour).toBe('red');
  });

  it('is red past the grace period when a daemon is offline, Docker is unreachable or the broker is gone', () => {
    expect(systemLed({ ...healthy, availability: { ...ALL_ONLINE, display: 'offline' } }, GRACE, GRACE)).toEqual({
      look: { colour: 'red', blink: false },
      reason: 'display offline',
    });
    expect(systemLed({ ...healthy, docker: 'unreachable' }, GRACE, GRACE).reason).toBe('docker unreachable');
    expect(systemLed({ ...healthy, brokerConnected: false }, GRACE, GRACE).reason).toBe('broker unreachable');
  });

  it('is red as soon as init failed', () => {
    expect(systemLed({ ...healthy, init: 'failed' }, 0, GRACE)).toEqual({ look: { colour: 'red', blink: false }, reason: 'init failed' });
  });
});

describe('LED3 (battery), as docs/hardware.md describes it', () => {
  it('maps each power state to its colour', () => {
    expect(batteryLed('charging')).toEqual({ colour: 'green', blink: true });
    expect(batteryLed('charged')).toEqual({ colour: 'green', blink: false });
    expect(batteryLed('on_battery')).toEqual({ colour: 'orange', blink: false });
    expect(batteryLed('critical')).toEqual({ colour: 'red', blink: true });
    expect(batteryLed('no_battery')).toEqual({ colour: 'red', blink: false });
    expect(batteryLed(null)).toEqual({ colour: 'off', blink: false });
  });
});
