import { qrMatrix, wifiQrText } from '../src/render/qr-code';
import { ScreenRenderer } from '../src/render/screen-renderer';
import { availablePages, pagePosition } from '../src/views/navigation';
import { pageScreen } from '../src/views/screen-builder';
import { FACTS, INPUTS, NOW, PAIRING_URL } from './support/fixtures';
import { decodeQr } from './support/qr-decode';

const renderer = new ScreenRenderer();
const webServerFrame = (inputs: typeof INPUTS) =>
  renderer.render(pageScreen('webserver', { inputs, facts: FACTS, now: NOW, customPhoto: null }), pagePosition('webserver', availablePages(false)));

describe('the WEB SERVER view QR codes scan', () => {
  it('opens the pairing URL received over MQTT (logged in)', async () => {
    const frame = await webServerFrame(INPUTS);
    expect(decodeQr(frame, { x: 128, y: 0, width: 122, height: 122 })).toBe(PAIRING_URL);
    expect(decodeQr(frame, undefined, 1)).toBe(PAIRING_URL); // the whole panel, unscaled
  });

  it('opens the plain URL once the pairing token has expired', async () => {
    const inputs = { ...INPUTS, pairing: { ...INPUTS.pairing!, expiresAt: '2026-11-26T09:59:59.000Z' } };
    expect(decodeQr(await webServerFrame(inputs), { x: 128, y: 0, width: 122, height: 122 })).toBe('http://192.168.1.20:8456/');
  });

  it('still scans with the longest pairing token (43 characters, 256 bits)', async () => {
    const token = 'A'.repeat(21) + 'b'.repeat(22);
    const url = `http://192.168.100.200:8456/pair?token=${token}`;
    const inputs = { ...INPUTS, pairing: { url, token, expiresAt: '2026-11-26T10:10:00.000Z' } };
    expect(decodeQr(await webServerFrame(inputs), { x: 128, y: 0, width: 122, height: 122 })).toBe(url);
  });

  it('joins the setup access point from its Wi-Fi QR code', async () => {
    const inputs = { ...INPUTS, wifiAp: { active: true, ssid: 'MAPIO', password: 'x7Kp2mQ9', address: '10.50.0.1' } };
    const frame = await webServerFrame(inputs);
    expect(decodeQr(frame, { x: 0, y: 40, width: 80, height: 82 })).toBe('WIFI:S:MAPIO;T:WPA;P:x7Kp2mQ9;;');
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
