import { qrFit, qrMatrix, qrSvg, wifiQrText } from '../render/qr-code';
import { HEIGHT, rect, svgDocument, text, WIDTH } from '../render/svg';
import { MISSING } from './format';
import { GAP, MARGIN, TITLE_HEIGHT, titleBar } from './layout';
import type { PagePosition, WebServerData } from './view-data';

/** The right-hand column holds the web server's QR code, with a line kept free under it (pairing code). */
const QR_COLUMN = 104;
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
      text(LEFT_WIDTH + QR_COLUMN / 2, HEIGHT / 2 + 4, data.enabled === false ? 'server off' : 'no URL yet', { size: 12, anchor: 'middle' })
    );
  }
  return centredQr(data.qrUrl, LEFT_WIDTH, 0, QR_COLUMN, QR_ROOM_HEIGHT);
}

function serverColumn(data: WebServerData): string {
  return [
    text(MARGIN, TITLE_HEIGHT + 21, `Server ${stateWord(data)}`, { size: 18, maxWidth: LEFT_ROOM }),
    data.address ? text(MARGIN, TITLE_HEIGHT + 41, data.address, { size: 12, maxWidth: LEFT_ROOM }) : '',
    data.enabled && data.qrUrl ? text(MARGIN, TITLE_HEIGHT + 61, data.loggedIn ? 'Scan to log in' : 'Scan to open', { size: 12, maxWidth: LEFT_ROOM }) : '',
    text(MARGIN, HEIGHT - 6, data.enabled ? 'MID: turn off' : 'MID: turn on', { size: 12, maxWidth: LEFT_ROOM }),
  ].join('');
}

/** Access point up: its name and key first (people join it before anything else), its QR below. */
function accessPointColumn(data: WebServerData, accessPoint: { ssid: string; password: string }): string {
  const qrTop = TITLE_HEIGHT + 31;
  const wifi = qrMatrix(wifiQrText(accessPoint.ssid, accessPoint.password));
  const { module, quiet } = qrFit(wifi, LEFT_WIDTH / 2, HEIGHT - qrTop);
  const box = (wifi.size + 2 * quiet) * module;
  const besideX = box + GAP;
  const besideRoom = LEFT_WIDTH - besideX - MARGIN;
  return [
    text(MARGIN, TITLE_HEIGHT + 13, `Wi-Fi ${accessPoint.ssid}`, { size: 12, maxWidth: LEFT_ROOM }),
    text(MARGIN, TITLE_HEIGHT + 27, `Key ${accessPoint.password}`, { size: 12, maxWidth: LEFT_ROOM }),
    centredQr(wifiQrText(accessPoint.ssid, accessPoint.password), 0, HEIGHT - box, box, box),
    text(besideX, HEIGHT - 24, `Server ${stateWord(data)}`, { size: 12, maxWidth: besideRoom }),
    text(besideX, HEIGHT - 8, data.enabled ? 'MID: off' : 'MID: on', { size: 12, maxWidth: besideRoom }),
  ].join('');
}
