import { HEIGHT, WIDTH, type Painter } from '../render/painter';
import { drawQr, qrFit, qrMatrix, wifiQrText } from '../render/qr-code';
import { MISSING } from './format';
import { MARGIN, TITLE_HEIGHT, titleBar } from './layout';
import type { PagePosition, WebServerData } from './view-data';

/** The right-hand column holds the web server's QR code, with a line kept free under it (pairing code). */
const QR_COLUMN = 90;
const QR_ROOM_HEIGHT = HEIGHT - 14;
const LEFT_WIDTH = WIDTH - QR_COLUMN;
const LEFT_ROOM = LEFT_WIDTH - 2 * MARGIN;

/**
 * WEB SERVER (setup): its state, the QR code that opens it logged in, and, while the setup access
 * point is up, that network's name, password and join-by-QR code. MID switches the server on or off.
 */
export function webServerView(painter: Painter, data: WebServerData, position: PagePosition): void {
  titleBar(painter, 'WEB SERVER', position, LEFT_WIDTH);
  serverQr(painter, data);
  if (data.accessPoint) accessPointColumn(painter, data, data.accessPoint);
  else serverColumn(painter, data);
}

function stateWord(data: WebServerData): string {
  return data.enabled === null ? MISSING : data.enabled ? 'ON' : 'OFF';
}

/** A QR code centred in a box; the box is its quiet zone, nothing else is drawn there. */
function centredQr(painter: Painter, text: string, x: number, y: number, width: number, height: number): void {
  const matrix = qrMatrix(text);
  const { module } = qrFit(matrix, width, height);
  const side = matrix.size * module;
  drawQr(painter, matrix, x + Math.floor((width - side) / 2), y + Math.floor((height - side) / 2), module);
}

function serverQr(painter: Painter, data: WebServerData): void {
  if (!data.enabled || !data.qrUrl) {
    painter.strokeRect(LEFT_WIDTH + 8, 10, QR_COLUMN - 16, HEIGHT - 20, 1);
    painter.text(LEFT_WIDTH + QR_COLUMN / 2, HEIGHT / 2 - 2, data.enabled === false ? 'server' : 'no URL', { size: 14, anchor: 'middle' });
    painter.text(LEFT_WIDTH + QR_COLUMN / 2, HEIGHT / 2 + 14, data.enabled === false ? 'off' : 'yet', { size: 14, anchor: 'middle' });
    return;
  }
  centredQr(painter, data.qrUrl, LEFT_WIDTH, 0, QR_COLUMN, QR_ROOM_HEIGHT);
  if (data.pairingCode) painter.text(LEFT_WIDTH + QR_COLUMN / 2, HEIGHT - 3, data.pairingCode, { size: 14, anchor: 'middle', maxWidth: QR_COLUMN });
}

/** "host:port" as two lines, the host whole (an address cut short is no use), the port under it. */
function addressLines(address: string): [string, string] {
  const match = /^(.*):(\d+)$/.exec(address);
  return match ? [match[1] ?? address, `port ${match[2]}`] : [address, ''];
}

function serverColumn(painter: Painter, data: WebServerData): void {
  const [host, port] = data.address ? addressLines(data.address) : ['', ''];
  painter.text(MARGIN, TITLE_HEIGHT + 22, `Server ${stateWord(data)}`, { size: 18, maxWidth: LEFT_ROOM });
  painter.text(MARGIN, TITLE_HEIGHT + 41, host, { size: 14, maxWidth: LEFT_ROOM });
  painter.text(MARGIN, TITLE_HEIGHT + 57, port, { size: 14, maxWidth: LEFT_ROOM });
  if (data.enabled && data.qrUrl) painter.text(MARGIN, TITLE_HEIGHT + 77, data.loggedIn ? 'Scan to log in' : 'Scan to open', { size: 14, maxWidth: LEFT_ROOM });
  painter.text(MARGIN, HEIGHT - 5, data.enabled ? 'MID: turn off' : 'MID: turn on', { size: 14, maxWidth: LEFT_ROOM });
}

/** Access point up: its name and key first (people join it before anything else), its QR below. */
function accessPointColumn(painter: Painter, data: WebServerData, accessPoint: { ssid: string; password: string }): void {
  const qrTop = TITLE_HEIGHT + 35;
  const wifi = qrMatrix(wifiQrText(accessPoint.ssid, accessPoint.password));
  const { module, quiet } = qrFit(wifi, HEIGHT - qrTop, HEIGHT - qrTop);
  const box = (wifi.size + 2 * quiet) * module;
  // The box already holds the code's quiet zone: a small gap is enough.
  const besideX = box + 4;
  const besideRoom = LEFT_WIDTH - besideX - MARGIN;
  painter.text(MARGIN, TITLE_HEIGHT + 15, `Wi-Fi ${accessPoint.ssid}`, { size: 14, maxWidth: LEFT_ROOM });
  painter.text(MARGIN, TITLE_HEIGHT + 31, `Key ${accessPoint.password}`, { size: 14, maxWidth: LEFT_ROOM });
  centredQr(painter, wifiQrText(accessPoint.ssid, accessPoint.password), 0, HEIGHT - box, box, box);
  painter.text(besideX, HEIGHT - 24, `Server ${stateWord(data)}`, { size: 14, maxWidth: besideRoom });
  painter.text(besideX, HEIGHT - 6, data.enabled ? 'MID: off' : 'MID: on', { size: 14, maxWidth: besideRoom });
}
