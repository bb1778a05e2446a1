import { modulePixels, qrMatrix, qrSvg, wifiQrText } from '../render/qr-code';
import { HEIGHT, rect, svgDocument, text, WIDTH } from '../render/svg';
import { MISSING } from './format';
import { MARGIN, TITLE_HEIGHT, titleBar } from './layout';
import type { PagePosition, WebServerData } from './view-data';

/** The right-hand square holds the web server's QR code. */
const QR_AREA = HEIGHT;
const LEFT_WIDTH = WIDTH - QR_AREA;
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

function midHint(data: WebServerData): string {
  return data.enabled ? 'MID: turn off' : 'MID: turn on';
}

function serverQr(data: WebServerData): string {
  if (!data.enabled || !data.qrUrl) {
    return (
      rect(LEFT_WIDTH + 10.5, 10.5, QR_AREA - 21, HEIGHT - 21, { stroke: 1 }) +
      text(LEFT_WIDTH + QR_AREA / 2, HEIGHT / 2 + 4, data.enabled === false ? 'server off' : 'no URL yet', { size: 10, anchor: 'middle' })
    );
  }
  const matrix = qrMatrix(data.qrUrl);
  const module = modulePixels(matrix, QR_AREA);
  const side = matrix.size * module;
  return qrSvg(matrix, LEFT_WIDTH + Math.ceil((QR_AREA - side) / 2), Math.floor((HEIGHT - side) / 2), module);
}

function serverColumn(data: WebServerData): string {
  return [
    text(MARGIN, TITLE_HEIGHT + 16, `Server ${stateWord(data)}`, { size: 13, maxWidth: LEFT_ROOM }),
    data.address ? text(MARGIN, TITLE_HEIGHT + 36, data.address, { size: 11, maxWidth: LEFT_ROOM }) : '',
    data.enabled && data.qrUrl ? text(MARGIN, TITLE_HEIGHT + 56, data.loggedIn ? 'Scan to log in' : 'Scan to open', { size: 11, maxWidth: LEFT_ROOM }) : '',
    text(MARGIN, HEIGHT - 6, midHint(data), { size: 10, maxWidth: LEFT_ROOM }),
  ].join('');
}

/** Access point up: its name and key first (people join it before anything else), its QR below. */
function accessPointColumn(data: WebServerData, accessPoint: { ssid: string; password: string }): string {
  const wifi = qrMatrix(wifiQrText(accessPoint.ssid, accessPoint.password));
  const module = modulePixels(wifi, 72, 2);
  const side = wifi.size * module;
  const qrTop = HEIGHT - side - 2;
  const besideX = MARGIN + side + 6;
  const besideRoom = LEFT_WIDTH - besideX - 2;
  return [
    text(MARGIN, TITLE_HEIGHT + 13, `Wi-Fi ${accessPoint.ssid}`, { size: 11, maxWidth: LEFT_ROOM }),
    text(MARGIN, TITLE_HEIGHT + 27, `Key ${accessPoint.password}`, { size: 11, maxWidth: LEFT_ROOM }),
    qrSvg(wifi, MARGIN, qrTop, module),
    text(besideX, HEIGHT - 22, `Server ${stateWord(data)}`, { size: 10, maxWidth: besideRoom }),
    text(besideX, HEIGHT - 8, data.enabled ? 'MID: off' : 'MID: on', { size: 10, maxWidth: besideRoom }),
  ].join('');
}
