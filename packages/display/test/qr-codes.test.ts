import type { MonoImage } from '@mapio/epd-waveshare';
import { qrFit, qrMatrix, wifiQrText } from '../src/render/qr-code';
import { ScreenRenderer } from '../src/render/screen-renderer';
import { availablePages, pagePosition } from '../src/views/navigation';
import { pageScreen } from '../src/views/screen-builder';
import { FACTS, INPUTS, NOW, PAIRING_URL } from './support/fixtures';
import { scanQrCodes } from './support/qr-decode';

const renderer = new ScreenRenderer();
const webServerFrame = (inputs: typeof INPUTS) =>
  renderer.render(pageScreen('webserver', { inputs, facts: FACTS, now: NOW, customPhoto: null }), pagePosition('webserver', availablePages(false)));

const LONGEST_TOKEN = 'A'.repeat(21) + 'b'.repeat(22);
const ACCESS_POINT = { active: true, ssid: 'MAPIO', password: 'x7Kp2mQ9', address: '10.50.0.1' };

/** The black pixels' bounding box inside a region. */
function inkBox(frame: MonoImage, region: { x: number; y: number; width: number; height: number }) {
  let left = Infinity;
  let top = Infinity;
  let right = -Infinity;
  let bottom = -Infinity;
  for (let y = region.y; y < region.y + region.height; y++) {
    for (let x = region.x; x < region.x + region.width; x++) {
      if ((frame.pixels[y * frame.width + x] ?? 255) < 128) {
        left = Math.min(left, x);
        right = Math.max(right, x);
        top = Math.min(top, y);
        bottom = Math.max(bottom, y);
      }
    }
  }
  return { left, top, right, bottom };
}

/** Whether every pixel of the ring `margin` wide around `box` is white (and on the panel). */
function whiteAround(frame: MonoImage, box: ReturnType<typeof inkBox>, margin: number): boolean {
  if (box.left - margin < 0 || box.top - margin < 0 || box.right + margin >= frame.width || box.bottom + margin >= frame.height) return false;
  for (let y = box.top - margin; y <= box.bottom + margin; y++) {
    for (let x = box.left - margin; x <= box.right + margin; x++) {
      const inside = x >= box.left && x <= box.right && y >= box.top && y <= box.bottom;
      if (!inside && (frame.pixels[y * frame.width + x] ?? 255) < 128) return false;
    }
  }
  return true;
}

describe('the WEB SERVER view QR codes scan with zbarimg at the panel resolution', () => {
  it('opens the pairing URL received over MQTT (logged in)', async () => {
    expect(await scanQrCodes(await webServerFrame(INPUTS))).toEqual([PAIRING_URL]);
  });

  it('opens the plain URL once the pairing token has expired', async () => {
    const inputs = { ...INPUTS, pairing: { ...INPUTS.pairing!, expiresAt: '2026-11-26T09:59:59.000Z' } };
    expect(await scanQrCodes(await webServerFrame(inputs))).toEqual(['http://192.168.1.20:8456/']);
  });

  it('still scans with the longest pairing token (43 characters, 256 bits) and address', async () => {
    const url = `http://192.168.100.200:8456/pair?token=${LONGEST_TOKEN}`;
    const inputs = { ...INPUTS, pairing: { url, token: LONGEST_TOKEN, expiresAt: '2026-11-26T10:10:00.000Z' } };
    expect(await scanQrCodes(await webServerFrame(inputs))).toEqual([url]);
  });

  it('shows both codes while the setup access point is up: the Wi-Fi one joins it', async () => {
    const frame = await webServerFrame({ ...INPUTS, wifiAp: ACCESS_POINT });
    expect(await scanQrCodes(frame)).toEqual([PAIRING_URL, 'WIFI:S:MAPIO;T:WPA;P:x7Kp2mQ9;;'].sort());
  });
});

describe('QR code size and quiet zone', () => {
  it('keeps at least 2 white modules around the pairing code, even the longest, and a free line under it', async () => {
    const url = `http://192.168.100.200:8456/pair?token=${LONGEST_TOKEN}`;
    const fit = qrFit(qrMatrix(url), 90, 108);
    const frame = await webServerFrame({ ...INPUTS, pairing: { url, token: LONGEST_TOKEN, expiresAt: '2026-11-26T10:10:00.000Z' } });
    const box = inkBox(frame, { x: 160, y: 0, width: 90, height: 122 });
    expect(whiteAround(frame, box, 2 * fit.module)).toBe(true);
    expect(box.bottom).toBeLessThan(122 - 14); // room for the pairing code line
  });

  it('keeps at least 2 white modules around the Wi-Fi code', async () => {
    const frame = await webServerFrame({ ...INPUTS, wifiAp: ACCESS_POINT });
    const fit = qrFit(qrMatrix(wifiQrText(ACCESS_POINT.ssid, ACCESS_POINT.password)), 70, 70);
    const box = inkBox(frame, { x: 0, y: 50, width: 74, height: 72 });
    expect(whiteAround(frame, box, 2 * fit.module)).toBe(true);
  });

  it('uses the largest whole module size that fits with the quiet zone, and up to 4 quiet modules', () => {
    const short = qrMatrix('http://192.168.1.20:8456/'); // 25 modules
    expect(qrFit(short, 90, 108)).toEqual({ module: 3, quiet: 2 }); // (25 + 4) x 3 = 87; 4 quiet modules would need 99
    const long = qrMatrix(`http://192.168.100.200:8456/pair?token=${LONGEST_TOKEN}`); // 37 modules
    expect(long.size).toBe(37);
    expect(qrFit(long, 90, 108)).toEqual({ module: 2, quiet: 4 }); // (37 + 8) x 2 = 90; 3 px would need (37 + 4) x 3 = 123
    expect(qrFit(long, 123, 123)).toEqual({ module: 3, quiet: 2 });
  });
});

describe('Wi-Fi QR text', () => {
  it('escapes the characters the format reserves', () => {
    expect(wifiQrText('My;Net', 'pa:ss\\"word,')).toBe('WIFI:S:My\\;Net;T:WPA;P:pa\\:ss\\\\\\"word\\,;;');
  });

  it('is a QR code of at most 33 modules for a typical access point', () => {
    expect(qrMatrix(wifiQrText('MAPIO', 'x7Kp2mQ9')).size).toBeLessThanOrEqual(33);
  });
});
