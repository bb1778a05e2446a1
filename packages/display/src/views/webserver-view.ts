import { qrFit, qrMatrix, qrSvg, wifiQrText } from '../render/qr-code';
import { HEIGHT, rect, svgDocument, text, WIDTH } from '../render/svg';
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
export function webServerView(data: WebServerData, position: PagePosition): string {
  return svgDocument([
    titleBar('WEB SERVER', position, LEFT_WIDTH),
    serverQr(data),
    data.accessPoint ? accessPointColumn(data, data.accessPoint) : serverColumn(data),
  ]);
}

function stateWord(data: WebServerData): string {
  return data.enabled === null ? MISSING : data.enabled ? 'ON' : 'OFF';
}

/** A QR code centred in a box; the box is its quiet zone, nothing else is drawn there. */
function centredQr(text: string, x: number, y: number, width: number, height: number): string {
  const matrix = qrMatrix(text);
  const { module } = qrFit(matrix, width, height);
  const side = matrix.size * module;
  return qrSvg(matrix, x + Math.floor((width - side) / 2), y + Math.floor((height - side) / 2), module);
}

function serverQr(data: WebServerData): string {
  if (!data.enabled || !data.qrUrl) {
    return (
      rect(LEFT_WIDTH + 8.5, 10.5, QR_COLUMN - 17, HEIGHT - 21, { stroke: 1 }) +
      text(LEFT_WIDTH + QR_COLUMN / 2, HEIGHT / 2 - 2, data.enabled === false ? 'server' : 'no URL', { size: 14, anchor: 'middle' }) +
      text(LEFT_WIDTH + QR_COLUMN / 2, HEIGHT / 2 + 14, data.enabled === false ? 'off' : 'yet', { size: 14, anchor: 'middle' })
    );
  }
  const code = data.pairingCode ? text(LEFT_WIDTH + QR_COLUMN / 2, HEIGHT - 3, data.pairingCode, { size: 14, anchor: 'middle', maxWidth: QR_COLUMN }) : '';
  return centredQr(data.qrUrl, LEFT_WIDTH, 0, QR_COLUMN, QR_ROOM_HEIGHT) + code;
}

/** "host:port" as two lines, the host whole (an address cut short is no use), the port under it. */
function addressLines(address: string): [string, string] {
  const match = /^(.*):(\d+)$/.exec(address);
  return match ? [match[1] ?? address, `port ${match[2]}`] : [address, ''];
}

function serverColumn(data: WebServerData): string {
  const [host, port] = data.address ? addressLines(data.address) : ['', ''];
  return [
    text(MARGIN, TITLE_HEIGHT + 22, `Server ${stateWord(data)}`, { size: 18, maxWidth: LEFT_ROOM }),
    text(MARGIN, TITLE_HEIGHT + 41, host, { size: 14, maxWidth: LEFT_ROOM }),
    text(MARGIN, TITLE_HEIGHT + 57, port, { size: 14, maxWidth: LEFT_ROOM }),
    data.enabled && data.qrUrl ? text(MARGIN, TITLE_HEIGHT + 77, data.loggedIn ? 'Scan to log in' : 'Scan to open', { size: 14, maxWidth: LEFT_ROOM }) : '',
    text(MARGIN, HEIGHT - 5, data.enabled ? 'MID: turn off' : 'MID: turn on', { size: 14, maxWidth: LEFT_ROOM }),
  ].join('');
}

/** Access point up: its name and key first (people join it before anything else), its QR below. */
function accessPointColumn(data: WebServerData, accessPoint: { ssid: string; password: string }): string {
  const qrTop = TITLE_HEIGHT + 35;
  const wifi = qrMatrix(wifiQrText(accessPoint.ssid, accessPoint.password));
  const { module, quiet } = qrFit(wifi, HEIGHT - qrTop, HEIGHT - qrTop);
  const box = (wifi.size + 2 * quiet) * module;
  // The box already holds the code's quiet zone: a small gap is enough.
  const besideX = box + 4;
  const besideRoom = LEFT_WIDTH - besideX - MARGIN;
  return [
    text(MARGIN, TITLE_HEIGHT + 15, `Wi-Fi ${accessPoint.ssid}`, { size: 14, maxWidth: LEFT_ROOM }),
    text(MARGIN, TITLE_HEIGHT + 31, `Key ${accessPoint.password}`, { size: 14, maxWidth: LEFT_ROOM }),
    centredQr(wifiQrText(accessPoint.ssid, accessPoint.password), 0, HEIGHT - box, box, box),
    text(besideX, HEIGHT - 24, `Server ${stateWord(data)}`, { size: 14, maxWidth: besideRoom }),
    text(besideX, HEIGHT - 6, data.enabled ? 'MID: off' : 'MID: on', { size: 14, maxWidth: besideRoom }),
  ].join('');
}
