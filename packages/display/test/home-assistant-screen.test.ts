import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { encodeMonoPng, type MonoImage } from '@mapio/epd-waveshare';
import { readDeviceIdentity } from '@mapio/runtime';
import { describeWithServices, eventually, MosquittoBroker, MqttRecorder } from '@mapio/testkit';
import { ScreenRenderer } from '../src/render/screen-renderer';
import { differingPixels, readMonoPng } from './support/golden';
import { spawnSimDisplay } from './support/sim-display';

/** Generous: the machine may be loaded; an event that comes early costs nothing. */
const PATIENCE_MS = 30_000;
jest.setTimeout(4 * PATIENCE_MS);

async function startDisplay(broker: MosquittoBroker, env: Record<string, string> = {}) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'mapio-display-ha-'));
  const epd = path.join(dir, 'hardware', 'epd');
  const daemon = spawnSimDisplay(broker.url, dir, { MAPIO_DISPLAY_FULL_REFRESH_EVERY: '1000', ...env });
  const panel = async (): Promise<MonoImage | null> => {
    try {
      return await readMonoPng(readFileSync(path.join(epd, 'current.png')));
    } catch {
      return null; // not written yet
    }
  };
  /** Waits until the panel shows exactly `expected` (pixel for pixel). */
  const untilShown = async (expected: MonoImage, what: string) => {
    await eventually(async () => {
      const shown = await panel();
      return shown !== null && differingPixels(shown, expected) === 0;
    }, PATIENCE_MS, what).catch(async (error: Error) => {
      const shown = await panel();
      if (shown) writeFileSync(path.join(dir, 'unexpected.png'), encodeMonoPng(shown));
      throw new Error(`${error.message} (the panel shows ${path.join(dir, 'unexpected.png')})`);
    });
  };
  let lastPressAt = -Infinity;
  /** Presses a button through the simulated board, never faster than a finger (the debounce is 50 ms). */
  const press = async (button: string) => {
    const wait = lastPressAt + 80 - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    writeFileSync(path.join(dir, 'hardware', 'buttons'), `${button}\n`);
    lastPressAt = performance.now();
  };
  return { daemon, panel, untilShown, press };
}

const renderer = new ScreenRenderer();
const notificationFrame = (message: string) => renderer.render({ view: 'notification', data: { message } }, null);

describeWithServices(['mosquitto'], 'the screen as a Home Assistant device (real broker, simulated board, emulated panel)', () => {
  let broker: MosquittoBroker;
  let recorder: MqttRecorder;
  let display: Awaited<ReturnType<typeof startDisplay>>;

  const viewAfter = (view: string, since: number) =>
    recorder.waitFor('mapio/display/view', (p) => (JSON.parse(p) as { view: string }).view === view, PATIENCE_MS, since);
  /** Each test starts from HOME, chosen through the select (which also dismisses a notification). */
  const fromHome = async () => {
    // Through another page first, one that is not shown now: choosing the page shown changes nothing.
    const shown = recorder.on('mapio/display/view').at(-1);
    const detour = shown && (JSON.parse(shown.payload) as { view: string }).view === 'system' ? 'status' : 'system';
    const since = Date.now();
    await recorder.publish('mapio/display/view/set', detour);
    await viewAfter(detour, since);
    const back = Date.now();
    await recorder.publish('mapio/display/view/set', 'home');
    await viewAfter('home', back);
  };

  beforeAll(async () => {
    broker = await MosquittoBroker.start();
    recorder = await MqttRecorder.connect(broker.url, ['mapio/#', 'homeassistant/#']);
    display = await startDisplay(broker);
    await recorder.waitFor('mapio/display/availability', (p) => p === 'online', PATIENCE_MS);
  });

  afterAll(async () => {
    await display?.daemon.stop();
    await recorder?.close();
    await broker?.destroy();
  });

  it('announces a notify and a select entity on the MAPIO device, available while the display is', async () => {
    const { deviceId } = await readDeviceIdentity();
    const node = `${deviceId}_display`;
    const late = await MqttRecorder.connect(broker.url, ['homeassistant/notify/#', 'homeassistant/select/#']);
    const notify = await late.waitFor(`homeassistant/notify/${node}/screen/config`, () => true, PATIENCE_MS);
    const select = await late.waitFor(`homeassistant/select/${node}/view/config`, () => true, PATIENCE_MS);
    await late.close();
    for (const config of [notify, select]) {
      expect(config.retain).toBe(true); // a Home Assistant starting later gets them from the broker
      expect(JSON.parse(config.payload)).toMatchObject({
        availability_topic: 'mapio/display/availability',
        device: { identifiers: [deviceId], name: 'MAPIO' },
        origin: { name: 'mapio-display' },
      });
    }
    expect(JSON.parse(notify.payload)).toMatchObject({ command_topic: 'mapio/display/notify/set' });
    expect(JSON.parse(select.payload)).toMatchObject({ command_topic: 'mapio/display/view/set', state_topic: 'mapio/display/view' });
  });

  it('a message published on the notify command topic appears on the panel; MID dismisses it', async () => {
    await fromHome();
    const message = 'Washing machine done. Unload it before 18:00, please.';
    const since = Date.now();
    await recorder.publish('mapio/display/notify/set', message);
    await viewAfter('notification', since);
    await display.untilShown(await notificationFrame(message), 'the notification on the panel');
    const pressed = Date.now();
    await display.press('mid');
    await viewAfter('home', pressed);
    // MID closed the message and did nothing else: HOME has no MID action, and no toggle went out.
    expect(recorder.messages.filter((m) => m.topic === 'mapio/webserver-back/http/set' && m.at >= pressed)).toEqual([]);
  });

  it('any button dismisses it without turning the page', async () => {
    await fromHome();
    const since = Date.now();
    await recorder.publish('mapio/display/notify/set', 'Front door open');
    await viewAfter('notification', since);
    const seen = recorder.on('mapio/display/view').length;
    const pressed = Date.now();
    await display.press('down');
    await viewAfter('home', pressed);
    const next = Date.now();
    await display.press('down'); // the next press turns the page again
    await viewAfter('system', next);
    expect(recorder.on('mapio/display/view').slice(seen).map((m) => JSON.parse(m.payload).view)).toEqual(['home', 'system']);
  });

  it('a view chosen through the select command topic shows; the state topic follows button navigation', async () => {
    await fromHome();
    const since = Date.now();
    await recorder.publish('mapio/display/view/set', 'status');
    await viewAfter('status', since);
    const pressed = Date.now();
    await display.press('down'); // STATUS is the last page without a picture: DOWN wraps to HOME
    await viewAfter('home', pressed);
    const up = Date.now();
    await display.press('up');
    await viewAfter('status', up);
  });

  it('refuses to choose a screen that is not a page, with a warning, and keeps working', async () => {
    await fromHome();
    await recorder.publish('mapio/display/view/set', 'ota');
    await display.daemon.waitForLog((line) => line.msg === 'invalid payload dropped' && line.topic === 'mapio/display/view/set', PATIENCE_MS);
    const since = Date.now();
    await recorder.publish('mapio/display/view/set', 'webserver');
    await viewAfter('webserver', since);
  });
});

describeWithServices(['mosquitto'], 'a notification times out (MAPIO_DISPLAY_NOTIFY_TIMEOUT_S)', () => {
  it('goes back to the page shown before once the timeout is over', async () => {
    const broker = await MosquittoBroker.start();
    const recorder = await MqttRecorder.connect(broker.url, ['mapio/#']);
    const display = await startDisplay(broker, { MAPIO_DISPLAY_NOTIFY_TIMEOUT_S: '1' });
    try {
      await recorder.waitFor('mapio/display/availability', (p) => p === 'online', PATIENCE_MS);
      await recorder.waitFor('mapio/display/view', (p) => JSON.parse(p).view === 'home', PATIENCE_MS);
      const since = Date.now();
      await recorder.publish('mapio/display/notify/set', 'Doorbell');
      await recorder.waitFor('mapio/display/view', (p) => JSON.parse(p).view === 'notification', PATIENCE_MS, since);
      await recorder.waitFor('mapio/display/view', (p) => JSON.parse(p).view === 'home', PATIENCE_MS, since);
      expect(display.daemon.logLines().filter((line) => (line.level as number) >= 50)).toEqual([]);
    } finally {
      await display.daemon.stop();
      await recorder.close();
      await broker.destroy();
    }
  });
});
