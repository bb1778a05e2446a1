import QRCode from 'qrcode';
import type { Painter } from './painter';

export interface QrMatrix {
  /** Modules per side. */
  size: number;
  dark(row: number, column: number): boolean;
}

/** The QR code of `text` (byte mode, error correction M: survives a smudge, stays small). */
export function qrMatrix(text: string): QrMatrix {
  const { modules } = QRCode.create(text, { errorCorrectionLevel: 'M' });
  return { size: modules.size, dark: (row, column) => modules.get(row, column) === 1 };
}

/** Quiet zone (white modules on each side) a scanner needs at least, and the one it expects. */
const MIN_QUIET = 2;
const FULL_QUIET = 4;

export interface QrFit {
  /** Pixels per module. */
  module: number;
  /** White modules kept on each side. */
  quiet: number;
}

/**
 * The largest whole number of pixels per module for which the code and a 2-module quiet zone fit in
 * a `width` x `height` box, with as much quiet zone as then fits, up to 4 modules.
 */
export function qrFit(matrix: QrMatrix, width: number, height: number): QrFit {
  const room = Math.min(width, height);
  const module = Math.max(1, Math.floor(room / (matrix.size + 2 * MIN_QUIET)));
  const quiet = Math.min(FULL_QUIET, Math.floor((Math.floor(room / module) - matrix.size) / 2));
  return { module, quiet };
}

/** The dark modules (each row's runs of them as one rectangle), top-left corner at (x, y). */
export function drawQr(painter: Painter, matrix: QrMatrix, x: number, y: number, module: number): void {
  for (let row = 0; row < matrix.size; row++) {
    let column = 0;
    while (column < matrix.size) {
      if (!matrix.dark(row, column)) {
        column++;
        continue;
      }
      const start = column;
      while (column < matrix.size && matrix.dark(row, column)) column++;
      painter.fillRect(x + start * module, y + row * module, (column - start) * module, module, 'black');
    }
  }
}

/** Joining a Wi-Fi network by QR code (`WIFI:S:<ssid>;T:WPA;P:<password>;;`, special characters escaped). */
export function wifiQrText(ssid: string, password: string): string {
  const escape = (value: string) => value.replace(/([\\;,:"])/g, '\\$1');
  return `WIFI:S:${escape(ssid)};T:WPA;P:${escape(password)};;`;
}
