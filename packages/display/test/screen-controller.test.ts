import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { FAST_TIMING, Ssd1680, Ssd1680Emulator, type EmulatedFrame } from '@mapio/epd-waveshare';
import { captureLogs, eventually } from '@mapio/testkit';
import sharp from 'sharp';
import { LocalFacts } from '../src/host/local-facts';
import { PanelScheduler } from '../src/panel/panel-scheduler';
import { RefreshPolicy } from '../src/panel/refresh-policy';
import { ScreenRenderer } from '../src/render/screen-renderer';
import { ScreenController } from '../src/screen/screen-controller';
import { DisplayStore } from '../src/state/display-inputs';
import { CustomPhoto } from '../src/views/custom-photo';
import { WAIT_BOX } from '../src/views/wait-box';
import { differingPixels } from './support/golden';
import { INPUTS } from './support/fixtures';

interface Published {
  topic: string;
  payload: unknown;
}

/** The real renderer, counting the frames it is asked to draw. */
class CountingRenderer extends ScreenRenderer {
  renders = 0;

  override render(...args: Parameters<ScreenRenderer['render']>): ReturnType<ScreenRenderer['render']> {
    this.renders++;
    return super.render(...args);
  }
}

async function setup(options: { attentionMs?: number } = {}) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'mapio-screens-'));
  const emulator = new Ssd1680Emulator({ timing: FAST_TIMING });
  const frames: EmulatedFrame[] = [];
  emulator.onFrame((frame) => frames.push(frame));
  const { logger, lines } = captureLogs();
  const scheduler = new PanelScheduler(new Ssd1680(emulator), new RefreshPolicy({ fullEvery: 100, fullAfterMs: 3_600_000, fullKind: 'full' }), logger);
  const store = new DisplayStore();
  for (const [name, value] of Object.entries(INPUTS)) store.set(name as keyof typeof INPUTS, value as never);
  const published: Published[] = [];
  const renderer = new CountingRenderer();
  const photoFile = path.join(dir, 'epaper.jpg');
  const controller = new ScreenController({
    scheduler: () => scheduler,
    store,
    facts: new LocalFacts({ dataDir: dir }),
    customPhoto: new CustomPhoto(photoFile, logger),
    renderer,
    bus: { publish: (target: unknown, payload: unknown) => published.push({ topic: String(target), payload }) } as never,
    logger,
    attentionMs: options.attentionMs,
  });
  const views = () => published.filter((p) => p.topic === 'mapio/display/view').map((p) => (p.payload as { view: string }).view);
  const settle = async () => {
    await controller.drawn();
    await scheduler.idle();
  };
  await controller.start();
  await eventually(() => frames.length >= 1, 20_000, 'first frame');
  await settle();
  const cleanup = () => {
    controller.stop();
    rmSync(dir, { recursive: true, force: true });
  };
  return { controller, store, frames, published, views, settle, photoFile, renderer, lines, cleanup };
}

let current: Awaited<ReturnType<typeof setup>> | null = null;
afterEach(() => {
  current?.cleanup();
  current = null;
});

describe('what the panel shows, press by press', () => {
  it('starts on HOME with a full refresh', async () => {
    current = await setup();
    expect(current.views()).toEqual(['home']);
    expect(current.frames.map((f) => f.kind)).toEqual(['full']);
  });

  it('DOWN: the "Wait..." box at once (partial refresh), then SYSTEM', async () => {
    current = await setup();
    const { controller, frames, views, settle, renderer } = current;
    const home = frames[0]!.image;
    controller.press('down');
    await settle();
    expect(views()).toEqual(['home', 'system']);
    expect(frames.map((f) => f.kind)).toEqual(['full', 'partial', 'partial']);
    expect(differingPixels(frames[1]!.image, renderer.withWaitBox(home))).toBe(0);
    const boxTopLeft = frames[1]!.image.pixels[(WAIT_BOX.y + 1) * 250 + WAIT_BOX.x + 1];
    expect(boxTopLeft).toBe(0);
    expect(controller.view).toBe('system');
  });

  it('UP from HOME wraps to STATUS; DOWN from STATUS wraps to HOME', async () => {
    current = await setup();
    current.controller.press('up');
    await current.settle();
    current.controller.press('down');
    await current.settle();
    expect(current.views()).toEqual(['home', 'status', 'home']);
  });

  it('MID on WEB SERVER asks webserver-back to toggle; elsewhere it does nothing', async () => {
    current = await setup();
    const { controller, published, frames, settle } = current;
    controller.press('mid');
    await settle();
    expect(frames).toHaveLength(1);
    controller.press('down');
    controller.press('down');
    await settle();
    expect(controller.view).toBe('webserver');
    controller.press('mid');
    await settle();
    expect(published.filter((p) => p.topic === 'mapio/webserver-back/http/set').map((p) => p.payload)).toEqual([{ action: 'toggle' }]);
  });

  it('redraws at once when the web server state changes right after a press', async () => {
    current = await setup();
    const { controller, store, frames, settle } = current;
    controller.press('down');
    controller.press('down');
    await settle();
    const before = frames.length;
    store.set('http', { enabled: false, port: 8456, urls: [] });
    await settle();
    expect(frames.length).toBe(before + 1);
  });

  it('does not draw a screen again when what it shows has not changed (an input another page shows)', async () => {
    current = await setup();
    const { controller, store, renderer, settle } = current;
    const before = renderer.renders;
    store.set('docker', { engine: 'unreachable', services: [] }); // HOME does not show Docker
    await settle();
    expect(renderer.renders).toBe(before);
    controller.press('down');
    await settle();
    expect(renderer.renders).toBe(before + 1); // a change is drawn
  });

  it('replaces the "Wait..." box even when the screen after the press is the same (MID on WEB SERVER, before the answer)', async () => {
    current = await setup();
    const { controller, frames, settle, views } = current;
    controller.press('down');
    controller.press('down');
    await settle();
    expect(views().at(-1)).toBe('webserver');
    const shown = frames.at(-1)!.image;
    controller.press('mid');
    await settle();
    expect(differingPixels(frames.at(-2)!.image, shown)).toBeGreaterThan(0); // the box
    expect(differingPixels(frames.at(-1)!.image, shown)).toBe(0);
  });

  it('leaves data changes for the next minute when nobody pressed anything lately', async () => {
    current = await setup({ attentionMs: 0 });
    const { store, frames, settle, controller } = current;
    controller.press('down');
    await settle();
    const before = frames.length;
    store.set('power', { state: 'on_battery', batteryPercent: 20, batteryVolts: 3.5, externalPower: false, at: new Date().toISOString() });
    await settle();
    expect(frames.length).toBe(before);
  });
});

describe('the CUSTOM page', () => {
  it('joins the cycle when its picture appears, dithered, and leaves it when the picture goes', async () => {
    current = await setup();
    const { controller, views, settle, photoFile, frames } = current;
    await sharp({ create: { width: 500, height: 244, channels: 3, background: '#808080' } }).jpeg().toFile(photoFile);
    controller.press('up');
    await settle();
    expect(controller.view).toBe('custom');
    const photo = frames.at(-1)!.image;
    const black = photo.pixels.filter((p) => p === 0).length;
    expect(black / photo.pixels.length).toBeGreaterThan(0.4); // mid grey dithers to about half black
    expect(black / photo.pixels.length).toBeLessThan(0.6);
    rmSync(photoFile);
    controller.press('down');
    await settle();
    expect(views().slice(-2)).toEqual(['custom', 'home']);
    controller.press('up');
    await settle();
    expect(controller.view).toBe('status');
  });

  it('says the picture is unreadable instead of failing', async () => {
    current = await setup();
    const { controller, settle, photoFile, lines } = current;
    writeFileSync(photoFile, 'not a jpeg');
    controller.press('up');
    await settle();
    expect(controller.view).toBe('custom');
    expect(lines().some((l) => l.msg === 'custom e-paper picture unreadable')).toBe(true);
  });
});

describe('screens that take over', () => {
  it('an OS update shows at once, ignores the buttons, and gives the page back when idle', async () => {
    current = await setup();
    const { controller, store, views, settle, frames } = current;
    controller.press('down');
    await settle();
    store.set('ota', { phase: 'installing', progress: 10, message: 'Installing', version: '1.4.0' });
    await settle();
    expect(controller.view).toBe('ota');
    const count = frames.length;
    controller.press('down');
    await settle();
    expect(frames.length).toBe(count);
    store.set('ota', { phase: 'idle', progress: 0, message: '' });
    await settle();
    expect(views()).toEqual(['home', 'system', 'ota', 'system']);
  });

  it('a failed update stays until a button is pressed', async () => {
    current = await setup();
    const { controller, store, settle } = current;
    store.set('ota', { phase: 'failed', progress: 0, message: 'Signature verification failed' });
    await settle();
    expect(controller.view).toBe('ota');
    controller.press('mid');
    await settle();
    expect(controller.view).toBe('home');
  });

  it('first-boot partition growth shows while it lasts', async () => {
    current = await setup();
    const { controller, store, settle } = current;
    store.set('init', { phase: 'growing', message: 'Growing /dev/mmcblk1p4' });
    await settle();
    expect(controller.view).toBe('init');
    store.set('init', { phase: 'done', message: '' });
    await settle();
    expect(controller.view).toBe('home');
  });
});
