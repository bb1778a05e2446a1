import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { encodeMonoPng, type MonoImage } from '@mapio/epd-waveshare';
import { readDeviceIdentity } from '@mapio/runtime';
import { describeWithServices, eventually, MosquittoBroker, MqttRecorder, type ChildDaemon } from '@mapio/testkit';
import { drawFrame } from '../src/render/frame-canvas';
import { homeView } from '../src/views/home-view';
import { titleBar } from '../src/views/layout';
import { differingPixels, readMonoPng } from './support/golden';
import { scanQrCodes } from './support/qr-decode';
import { spawnSimDisplay } from './support/sim-display';

/** Generous ceilings on waits: the machine may be loaded; an event that comes early costs nothing. */
const PATIENCE_MS = 30_000;
jest.setTimeout(4 * PATIENCE_MS);

const PAIRING_URL = 'http://192.168.1.20:8456/pair?token=Qk9hN0x2c2VjcmV0dG9rZW4';

/** Rows [top, bottom) of a frame, to compare the part of a view that does not depend on data. */
function band(image: MonoImage, top: number, bottom: number, left = 0, right = image.width): MonoImage {
  const width = right - left;
  const pixels = new Uint8Array(width * (bottom - top));
  for (let y = top; y < bottom; y++) pixels.set(image.pixels.subarray(y * image.width + left, y * image.width + right), (y - top) * width);
  return { width, height: bottom - top, pixels };
}

const titleOf = async (title: string, index: number | null, width: number) =>
  band(drawFrame((canvas) => titleBar(canvas, title, index === null ? null : { index, count: 4 }, width)), 0, 17, 0, width);

describeWithServices(['mosquitto'], 'mapio-display end to end (real broker, simulated board, emulated panel)', () => {
  let broker: MosquittoBroker;
  let recorder: MqttRecorder;
  let daemon: ChildDaemon;
  const simDir = mkdtempSync(path.join(os.tmpdir(), 'mapio-display-e2e-'));
  const epd = path.join(simDir, 'hardware', 'epd');
  const fifo = path.join(simDir, 'hardware', 'buttons');

  const panel = async (): Promise<MonoImage | null> => {
    try {
      return await readMonoPng(readFileSync(path.join(epd, 'current.png')));
    } catch {
      return null; // not written yet
    }
  };
  const frameNumber = (): number => {
    try {
      return (JSON.parse(readFileSync(path.join(epd, 'status.json'), 'utf8')) as { frame: number }).frame;
    } catch {
      return 0;
    }
  };
  let lastPressAt = 0;
  /** Presses a button through the simulated board, never faster than a finger (the debounce is 50 ms). */
  const press = async (button: string) => {
    const wait = lastPressAt + 80 - performance.now();
    if (wait > 0) await new Promise((r) => setTimeout(r, wait));
    writeFileSync(fifo, `${button}\n`);
    lastPressAt = performance.now();
  };
  /** Polls the panel (every 5 ms) until its title bar reads `title`. */
  const untilTitle = async (title: string, index: number | null, width = 250, timeoutMs = PATIENCE_MS): Promise<void> => {
    const expected = await titleOf(title, index, width);
    const deadline = performance.now() + timeoutMs;
    for (;;) {
      const image = await panel();
      if (image !== null && differingPixels(band(image, 0, 17, 0, width), expected) === 0) return;
      if (performance.now() > deadline) {
        if (image) writeFileSync(path.join(simDir, 'unexpected.png'), encodeMonoPng(image));
        throw new Error(`the panel did not show ${title} within ${timeoutMs} ms (it shows ${path.join(simDir, 'unexpected.png')})`);
      }
      await new Promise((r) => setTimeout(r, 5));
    }
  };

  // A fontconfig that knows no font at all: the daemon must not need one (it draws its own).
  const noFontsConfig = path.join(simDir, 'fonts.conf');
  /** The page cycle DOWN walks through (CUSTOM only with a picture, which these tests never add). */
  const pages = ['home', 'system', 'webserver', 'status'];
  const currentView = (): string | undefined => {
    const last = recorder.last('mapio/display/view');
    return last ? (JSON.parse(last.payload) as { view: string }).view : undefined;
  };
  /** Each test starts from the page it needs, whatever the tests before it left on the panel. */
  const showPage = async (view: string) => {
    await recorder.waitFor('mapio/display/view', () => true, PATIENCE_MS);
    while (currentView() !== view) {
      const from = currentView();
      if (!pages.includes(from ?? '')) throw new Error(`the panel shows ${from ?? 'nothing'}, not a page`);
      const since = Date.now();
      await press('down');
      await recorder.waitFor('mapio/display/view', (p) => JSON.parse(p).view !== from, PATIENCE_MS, since);
    }
  };

  beforeAll(async () => {
    writeFileSync(noFontsConfig, `<?xml version="1.0"?>\n<fontconfig><cachedir>${path.join(simDir, 'fontconfig-cache')}</cachedir></fontconfig>\n`);
    broker = await MosquittoBroker.start();
    recorder = await MqttRecorder.connect(broker.url, ['mapio/#', 'homeassistant/#']);
    daemon = spawnSimDisplay(broker.url, simDir, { FONTCONFIG_FILE: noFontsConfig, HOME: simDir, MAPIO_DISPLAY_FULL_REFRESH_EVERY: '1000' });
    await recorder.waitFor('mapio/display/availability', (p) => p === 'online', PATIENCE_MS);
  });

  afterAll(async () => {
    await daemon?.stop();
    await recorder?.close();
    await broker?.destroy();
  });

  it('shows HOME in epd/current.png at start, drawn as in-process although fontconfig sees no font', async () => {
    await recorder.waitFor('mapio/display/view', (p) => JSON.parse(p).view === 'home');
    await eventually(() => existsSync(path.join(epd, 'current.png')) && frameNumber() >= 1, PATIENCE_MS, 'the first frame');
    const home = drawFrame((canvas) => homeView(canvas, { clock: null, ip: null, osVersion: null }));
    const shown = await panel();
    expect(differingPixels(band(shown!, 0, 122, 0, 112), band(home, 0, 122, 0, 112))).toBe(0); // the logo and its "MAPIO"
  });

  // How fast is the bench's business (scripts/bench-display): here only what the panel shows.
  it('moves from HOME to SYSTEM on DOWN, and says which button was pressed', async () => {
    await showPage('home');
    const since = Date.now();
    await press('down');
    await untilTitle('SYSTEM', 2);
    await recorder.waitFor('mapio/display/view', (p) => JSON.parse(p).view === 'system', PATIENCE_MS, since);
    const event = await recorder.waitFor('mapio/display/button', () => true, PATIENCE_MS, since);
    expect(JSON.parse(event.payload)).toEqual({ button: 'down', at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) });
    expect(event.retain).toBe(false);
  });

  it('on WEB SERVER, MID asks webserver-back to toggle the web server', async () => {
    await showPage('webserver');
    await untilTitle('WEB SERVER', 3, 160);
    const since = Date.now();
    await press('mid');
    const command = await recorder.waitFor('mapio/webserver-back/http/set', () => true, PATIENCE_MS, since);
    expect(JSON.parse(command.payload)).toEqual({ action: 'toggle' });
  });

  it('shows a scannable QR code of the pairing URL received over MQTT', async () => {
    await showPage('webserver');
    await recorder.publish('mapio/webserver-back/http', JSON.stringify({ enabled: true, port: 8456, urls: ['http://192.168.1.20:8456/'] }), { retain: true });
    const expiresAt = new Date(Date.now() + 600_000).toISOString();
    await recorder.publish('mapio/webserver-back/pairing', JSON.stringify({ url: PAIRING_URL, token: 'Qk9hN0x2c2VjcmV0dG9rZW4', expiresAt }), { retain: true });
    const decoded = await eventually(async () => {
      const image = await panel();
      return image ? (await scanQrCodes(image))[0] : undefined;
    }, PATIENCE_MS, 'a QR code on the panel');
    expect(decoded).toBe(PAIRING_URL);
  });

  it('switches to the OS UPDATE screen during an update, and back when it is over', async () => {
    await showPage('webserver');
    const since = Date.now();
    await recorder.publish('mapio/webserver-back/ota', JSON.stringify({ phase: 'installing', progress: 30, message: 'Installing', version: '1.4.0' }), { retain: true });
    await untilTitle('OS UPDATE', null);
    await recorder.waitFor('mapio/display/view', (p) => JSON.parse(p).view === 'ota', PATIENCE_MS, since);
    await recorder.publish('mapio/webserver-back/ota', JSON.stringify({ phase: 'idle', progress: 0, message: '' }), { retain: true });
    await recorder.waitFor('mapio/display/view', (p) => JSON.parse(p).view === 'webserver', PATIENCE_MS, since);
  });

  it('drops an invalid payload with a warning and keeps working', async () => {
    await showPage('webserver');
    await recorder.publish('mapio/webserver-back/ota', '{"phase":"exploding"}');
    await daemon.waitForLog((line) => line.msg === 'invalid payload dropped' && line.topic === 'mapio/webserver-back/ota', PATIENCE_MS);
    const since = Date.now();
    await press('up');
    await recorder.waitFor('mapio/display/view', (p) => JSON.parse(p).view === 'system', PATIENCE_MS, since);
  });

  it('announces the three buttons to Home Assistant as device triggers of the MAPIO device', async () => {
    const { deviceId } = await readDeviceIdentity();
    const late = await MqttRecorder.connect(broker.url, ['homeassistant/device_automation/#']);
    for (const button of ['up', 'down', 'mid']) {
      const config = await late.waitFor(`homeassistant/device_automation/${deviceId}/button_${button}/config`, () => true, 20_000);
      expect(config.retain).toBe(true); // a client subscribing later gets it from the broker
      expect(JSON.parse(config.payload)).toMatchObject({
        automation_type: 'trigger',
        topic: 'mapio/display/button',
        subtype: button,
        device: { identifiers: [deviceId] },
      });
    }
    await late.close();
  });

  it('stops on SIGTERM with exit code 0, having logged no error', async () => {
    const result = await daemon.stop('SIGTERM', 20_000);
    expect(result).toEqual({ code: 0, signal: null });
    expect(daemon.logLines().filter((line) => (line.level as number) >= 50)).toEqual([]);
  });
});

describeWithServices(['mosquitto'], 'mapio-display with another Home Assistant discovery prefix', () => {
  it('announces its triggers under MAPIO_HA_PREFIX, next to gpio-ha', async () => {
    const broker = await MosquittoBroker.start();
    const recorder = await MqttRecorder.connect(broker.url, ['site/ha/#', 'homeassistant/#']);
    const dir = mkdtempSync(path.join(os.tmpdir(), 'mapio-display-prefix-'));
    const daemon = spawnSimDisplay(broker.url, dir, { MAPIO_HA_PREFIX: 'site/ha' });
    try {
      const { deviceId } = await readDeviceIdentity();
      await recorder.waitFor(`site/ha/device_automation/${deviceId}/button_mid/config`, () => true, PATIENCE_MS);
      expect(recorder.messages.filter((m) => m.topic.startsWith('homeassistant/'))).toEqual([]);
    } finally {
      await daemon.stop();
      await recorder.close();
      await broker.destroy();
    }
  });
});

describeWithServices(['mosquitto'], 'mapio-display with the OS version of MAPIO_OS_RELEASE', () => {
  it('names that version in its device block, not the build host\'s', async () => {
    const broker = await MosquittoBroker.start();
    const recorder = await MqttRecorder.connect(broker.url, ['homeassistant/#']);
    const dir = mkdtempSync(path.join(os.tmpdir(), 'mapio-display-os-release-'));
    const release = path.join(dir, 'os-release');
    writeFileSync(release, 'NAME="MAPIO OS"\nVERSION_ID=9.8.7-test\nPRETTY_NAME="MAPIO OS 9.8.7-test"\n');
    const daemon = spawnSimDisplay(broker.url, dir, { MAPIO_OS_RELEASE: release });
    try {
      const { deviceId } = await readDeviceIdentity();
      const config = await recorder.waitFor(`homeassistant/device_automation/${deviceId}/button_mid/config`, () => true, PATIENCE_MS);
      expect(JSON.parse(config.payload).device.sw_version).toBe('9.8.7-test');
    } finally {
      await daemon.stop();
      await recorder.close();
      await broker.destroy();
    }
  });
});
