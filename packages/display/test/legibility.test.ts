import type { MonoImage } from '@mapio/epd-waveshare';
import { ScreenRenderer } from '../src/render/screen-renderer';
import type { DisplayInputs } from '../src/state/display-inputs';
import { availablePages, pagePosition } from '../src/views/navigation';
import { pageScreen } from '../src/views/screen-builder';
import type { PageName, Screen } from '../src/views/view-data';
import { AT, FACTS, INPUTS, NOW } from './support/fixtures';
import { ocr } from './support/ocr';

// The clock is drawn in local time: pin it so the frames do not depend on where they run.
process.env.TZ = 'UTC';

const renderer = new ScreenRenderer();
const page = (name: PageName, inputs: DisplayInputs = INPUTS) =>
  renderer.render(pageScreen(name, { inputs, facts: FACTS, now: NOW, customPhoto: null }), pagePosition(name, availablePages(false)));
const takeover = (screen: Screen) => renderer.render(screen, null);

/** Spaces do not count: tesseract splits monospace words at wide gaps ("of f"). */
const squeeze = (text: string) => text.replace(/\s+/g, '');

const cases: [string, () => Promise<MonoImage>, string[]][] = [
  ['HOME', () => page('home'), ['10:00', '192.168.1.20', 'OS VERSION', '1.4.0', 'MAPIO']],
  ['SYSTEM', () => page('system'), ['SYSTEM', '2/4', 'CPU', '12%', 'RAM', '44%', 'DATA DISK', '71%', 'UPTIME', '3d 4h', 'BATTERY', '3.82 V', 'TEMPERATURE', '48°C']],
  ['WEB SERVER on', () => page('webserver'), ['WEB SERVER', '3/4', 'Server ON', '192.168.1.20', 'port 8456', 'Scan to log in', 'MID: turn off']],
  ['WEB SERVER off', () => page('webserver', { ...INPUTS, http: { enabled: false, port: 8456, urls: [] } }), ['WEB SERVER', '3/4', 'Server OFF', 'off', 'MID: turn on']],
  [
    'WEB SERVER with the access point',
    () => page('webserver', { ...INPUTS, wifiAp: { active: true, ssid: 'MAPIO', password: 'x7Kp2mQ9', address: '10.50.0.1' } }),
    ['WEB SERVER', '3/4', 'Wi-Fi MAPIO', 'Key', 'Server', 'MID'],
  ],
  ['STATUS charging', () => page('status'), ['STATUS', '4/4', 'POWER', 'Charging 54%', 'INTERNET', 'Connected', 'DOCKER', 'Running 2/3']],
  [
    'STATUS on battery',
    () => page('status', { ...INPUTS, power: { state: 'on_battery', batteryPercent: 23, batteryVolts: 3.55, externalPower: false, at: AT }, network: { interfaces: [], defaultInterface: null, internet: false }, docker: { engine: 'unreachable', services: [] } }),
    ['STATUS', '4/4', 'POWER', 'On battery 23%', 'INTERNET', 'Offline', 'DOCKER', 'Stopped'],
  ],
  ['STATUS battery low', () => page('status', { ...INPUTS, power: { state: 'critical', batteryPercent: 10, batteryVolts: 3.3, externalPower: false, at: AT } }), ['Battery low 10%']],
  ['STATUS charged', () => page('status', { ...INPUTS, power: { state: 'charged', batteryPercent: 100, batteryVolts: 4.2, externalPower: true, at: AT } }), ['Charged 100%']],
  ['STATUS no battery', () => page('status', { ...INPUTS, power: { state: 'no_battery', batteryPercent: null, batteryVolts: null, externalPower: true, at: AT } }), ['No battery']],
  ['OS UPDATE receiving', () => takeover({ view: 'ota', data: { phase: 'uploading', progress: 17, message: 'Receiving the bundle', version: '1.4.0' } }), ['OS UPDATE', 'Receiving', 'Version 1.4.0', '17%', 'Receiving the bundle', 'Do not unplug']],
  ['OS UPDATE verifying', () => takeover({ view: 'ota', data: { phase: 'verifying', progress: 100, message: 'Checking the signature', version: '1.4.0' } }), ['Verifying', 'Version 1.4.0', '100%', 'Checking the signature', 'Do not unplug']],
  ['OS UPDATE installing', () => takeover({ view: 'ota', data: { phase: 'installing', progress: 42, message: 'Copying image to rootfs.1', version: '1.4.0' } }), ['OS UPDATE', 'Installing', 'Version 1.4.0', '42%', 'Copying image to', 'Do not unplug']],
  ['OS UPDATE restarting', () => takeover({ view: 'ota', data: { phase: 'rebooting', progress: 100, message: 'Starting the new system', version: '1.4.0' } }), ['OS UPDATE', 'Restarting', 'Version 1.4.0', 'Starting the new system', 'Do not unplug']],
  [
    'OS UPDATE failed',
    () => takeover({ view: 'ota', data: { phase: 'failed', progress: 0, message: 'Signature verification failed', version: '1.4.0' } }),
    ['OS UPDATE', 'Update failed', '1.4.0 was not installed', 'Signature verification failed', 'Press a button to go back'],
  ],
  ['STARTING', () => takeover({ view: 'init', data: { phase: 'checking', message: 'Checking the data partition' } }), ['STARTING', 'Checking the system', 'Checking the data partition', 'Do not unplug']],
  ['STARTING growth', () => takeover({ view: 'init', data: { phase: 'growing', message: 'Growing the data partition to 29.1 GiB' } }), ['STARTING', 'Growing data partition', 'Growing the data partition to 29.1', 'Do not unplug']],
  [
    'MESSAGE from Home Assistant',
    () => takeover({ view: 'notification', data: { message: 'Washing machine done. Unload it before 18:00, please.' } }),
    ['MESSAGE', 'Washing machine done.', 'Unload it before 18:00,', 'please.', 'Press a button to close'],
  ],
];

// Two tesseract runs per view take seconds on a loaded machine.
jest.setTimeout(120_000);

describe('every view reads back exactly with OCR (tesseract, 4x nearest-neighbour)', () => {
  it.each(cases)('%s', async (_name, frame, expected) => {
    const read = squeeze(await ocr(await frame()));
    expect(expected.filter((words) => !read.includes(squeeze(words)))).toEqual([]);
  });
});
