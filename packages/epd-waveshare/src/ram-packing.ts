import { assertImageSize, blankImage, BLACK, type MonoImage } from './mono-image';
import { PANEL } from './panel';

/**
 * Landscape picture <-> controller RAM. The panel is mounted so that landscape pixel (x, y) lives in
 * RAM row 249 - x, bit y of that row (MSB first, 1 = white): the picture turned a quarter counter-
 * clockwise, as the Waveshare examples do. Padding bits (122..127) are white.
 */
export function packForRam(image: MonoImage): Uint8Array {
  assertImageSize(image, PANEL.width, PANEL.height, 'e-paper frame');
  const ram = new Uint8Array(PANEL.ramBytes).fill(0xff);
  const { pixels, width } = image;
  for (let y = 0; y < PANEL.height; y++) {
    const byteInRow = y >> 3;
    const clear = ~(0x80 >> (y & 7));
    const rowStart = y * width;
    for (let x = 0; x < PANEL.width; x++) {
      if ((pixels[rowStart + x] ?? 255) < 128) {
        const index = (PANEL.gates - 1 - x) * PANEL.bytesPerRow + byteInRow;
        ram[index] = (ram[index] ?? 0) & clear;
      }
    }
  }
  return ram;
}

/** The landscape picture a RAM plane holds (the inverse of packForRam). */
export function unpackRam(ram: Uint8Array): MonoImage {
  if (ram.length !== PANEL.ramBytes) {
    throw new RangeError(`controller RAM: expected ${PANEL.ramBytes} bytes, got ${ram.length}`);
  }
  const image = blankImage(PANEL.width, PANEL.height);
  for (let x = 0; x < PANEL.width; x++) {
    const rowStart = (PANEL.gates - 1 - x) * PANEL.bytesPerRow;
    for (let y = 0; y < PANEL.height; y++) {
      const byte = ram[rowStart + (y >> 3)] ?? 0xff;
      if ((byte & (0x80 >> (y & 7))) === 0) image.pixels[y * PANEL.width + x] = BLACK;
    }
  }
  return image;
}
