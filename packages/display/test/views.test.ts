import { isBlack, type MonoImage } from '@mapio/epd-waveshare';
import { floydSteinberg } from '../src/render/dither';
import { ScreenRenderer } from '../src/render/screen-renderer';
import { NO_INPUTS, type DisplayInputs } from '../src/state/display-inputs';
import type { LocalFactsSnapshot } from '../src/host/local-facts';
import { availablePages, pagePosition } from '../src/views/navigation';
import { pageScreen } from '../src/views/screen-builder';
import { drawScreen } from '../src/views/screen-view';
import type { PagePosition, PageName, Screen } from '../src/views/view-data';
import { waitBoxView } from '../src/views/wait-box';
import { differingPixels, expectGolden } from './support/golden';
import { sharpFrame } from './support/svg-frame';
import { AT, FACTS, INPUTS, NO_FACTS, NOW } from './support/fixtures';

// The clock is drawn in local time: pin it so the goldens do not depend on where they run.
process.env.TZ = 'UTC';

const renderer = new ScreenRenderer();
beforeAll(() => renderer.prepare());

/**
 * The frame the daemon draws (frame canvas), checked on the way to be exactly the pixels sharp gives
 * for the same drawing as SVG (how frames were made before the canvas): every golden proves the switch.
 */
async function renderChecked(screen: Screen, position: PagePosition | null): Promise<MonoImage> {
  const frame = await renderer.render(screen, position);
  if (screen.view !== 'custom' || !screen.photo) expect(differingPixels(frame, await sharpFrame((painter) => drawScreen(painter, screen, position)))).toBe(0);
  return frame;
}

async function renderPage(page: PageName, inputs: DisplayInputs, facts: LocalFactsSnapshot, customPhoto: MonoImage | null = null) {
  const pages = availablePages(customPhoto !== null);
  return renderChecked(pageScreen(page, { inputs, facts, now: NOW, customPhoto }), pagePosition(page, pages));
}

const render = (screen: Screen) => renderChecked(screen, null);

/** A smooth grey ramp with a dark disc: what a photo looks like to the ditherer. */
function greyPhoto() {
  const width = 250;
  const height = 122;
  const pixels = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const inDisc = (x - 180) ** 2 + (y - 61) ** 2 < 40 ** 2;
      pixels[y * width + x] = inDisc ? 40 : Math.round((255 * x) / (width - 1));
    }
  }
  return { width, height, pixels };
}

describe('views, pixel for pixel against the golden images', () => {
  it('HOME: logo, clock, IP address, OS version', async () => {
    await expectGolden(await renderPage('home', INPUTS, FACTS), 'home');
  });

  it('SYSTEM: CPU, RAM, data disk (with gauges), uptime, battery, temperature', async () => {
    await expectGolden(await renderPage('system', INPUTS, FACTS), 'system');
  });

  it('WEB SERVER: state, address and the logged-in QR code', async () => {
    await expectGolden(await renderPage('webserver', INPUTS, FACTS), 'webserver');
  });

  it('WEB SERVER with the setup access point up: its name, key and Wi-Fi QR code too', async () => {
    const inputs = { ...INPUTS, wifiAp: { active: true, ssid: 'MAPIO', password: 'x7Kp2mQ9', address: '10.50.0.1' } };
    await expectGolden(await renderPage('webserver', inputs, FACTS), 'webserver-access-point');
  });

  it('WEB SERVER switched off', async () => {
    const inputs = { ...INPUTS, http: { enabled: false, port: 8456, urls: [] } };
    await expectGolden(await renderPage('webserver', inputs, FACTS), 'webserver-off');
  });

  it('STATUS: power, Internet, Docker', async () => {
    await expectGolden(await renderPage('status', INPUTS, FACTS), 'status');
  });

  it('STATUS on battery, offline, Docker stopped', async () => {
    const inputs: DisplayInputs = {
      ...INPUTS,
      power: { state: 'on_battery', batteryPercent: 23, batteryVolts: 3.55, externalPower: false, at: AT },
      network: { interfaces: [], defaultInterface: null, internet: false },
      docker: { engine: 'unreachable', services: [] },
    };
    await expectGolden(await renderPage('status', inputs, FACTS), 'status-on-battery');
  });

  it('CUSTOM: the picture, Floyd–Steinberg dithered', async () => {
    await expectGolden(await renderPage('custom', INPUTS, FACTS, floydSteinberg(greyPhoto())), 'custom');
  });

  it('CUSTOM with an unreadable picture says so', async () => {
    await expectGolden(await render({ view: 'custom', photo: null }), 'custom-unreadable');
  });

  it('OS UPDATE: phase, version, progress, message', async () => {
    const screen: Screen = { view: 'ota', data: { phase: 'installing', progress: 42, message: 'Copying image to rootfs.1', version: '1.4.0' } };
    await expectGolden(await render(screen), 'ota');
  });

  it('OS UPDATE failed', async () => {
    const screen: Screen = { view: 'ota', data: { phase: 'failed', progress: 0, message: 'Signature verification failed' } };
    await expectGolden(await render(screen), 'ota-failed');
  });

  it('first boot: partition growth', async () => {
    await expectGolden(await render({ view: 'init', data: { phase: 'growing', message: 'Growing /dev/mmcblk1p4 to 29.1 GiB' } }), 'init');
  });

  it('the "Wait..." box over the bottom-right corner of the frame shown', async () => {
    await expectGolden(renderer.withWaitBox(await renderPage('home', INPUTS, FACTS)), 'home-wait');
    const box = renderer.withWaitBox({ width: 250, height: 122, pixels: new Uint8Array(250 * 122).fill(255) });
    expect(differingPixels(box, await sharpFrame(waitBoxView))).toBe(0);
  });
});

describe('missing data shows as "--", never fails', () => {
  it.each<PageName>(['home', 'system', 'webserver', 'status'])('%s with nothing known', async (page) => {
    await expectGolden(await renderPage(page, NO_INPUTS, NO_FACTS), `${page}-missing`);
  });
});

describe('text never overflows its box', () => {
  const long = 'x'.repeat(60);

  it('shortens long values with an ellipsis', async () => {
    const facts = { ...FACTS, ip: `fd00:${'abcd:'.repeat(12)}1`, osVersion: `MAPIO OS ${long}` };
    await expectGolden(await renderPage('home', INPUTS, facts), 'home-overflow');
    const inputs = { ...INPUTS, wifiAp: { active: true, ssid: `MAPIO-${long}`.slice(0, 32), password: long, address: '10.50.0.1' } };
    await expectGolden(await renderPage('webserver', inputs, FACTS), 'webserver-overflow');
    await expectGolden(await render({ view: 'ota', data: { phase: 'installing', progress: 99.6, message: long, version: long } }), 'ota-overflow');
  });

  it('keeps the longest power text clear of the battery icon (6 white columns between them)', async () => {
    for (const power of [
      { state: 'critical' as const, batteryPercent: 10, batteryVolts: 3.3, externalPower: false, at: AT },
      { state: 'on_battery' as const, batteryPercent: 100, batteryVolts: 4.1, externalPower: false, at: AT },
    ]) {
      const frame = await renderPage('status', { ...INPUTS, power }, FACTS);
      const iconLeft = 208; // the battery outline's first column
      expect(Array.from({ length: 22 }, (_, row) => isBlack(frame, iconLeft, 30 + row)).some(Boolean)).toBe(true);
      for (let y = 18; y < 52; y++) {
        expect([202, 203, 204, 205, 206, 207].filter((x) => isBlack(frame, x, y))).toEqual([]);
      }
    }
  });

  it('keeps the right column of HOME inside the panel, whatever the length', async () => {
    const frame = await renderPage('home', INPUTS, { ...FACTS, ip: 'W'.repeat(80), osVersion: 'M'.repeat(80) });
    for (let y = 60; y < 122; y++) {
      expect([248, 249].filter((x) => isBlack(frame, x, y))).toEqual([]);
    }
  });
});
