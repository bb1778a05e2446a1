import { BLACK, WHITE, type MonoImage } from '@mapio/epd-waveshare';

/** 8-bit greyscale, one byte per pixel, row-major (0 = black). */
export interface GreyImage {
  readonly width: number;
  readonly height: number;
  readonly pixels: Uint8Array;
}

/**
 * Floyd–Steinberg error diffusion: each pixel becomes black or white and passes its error on to
 * the right (7/16) and to the row below (3/16, 5/16, 1/16), so grey areas keep their tone.
 */
export function floydSteinberg(image: GreyImage): MonoImage {
  const { width, height } = image;
  const values = Float32Array.from(image.pixels);
  const out = new Uint8Array(width * height);
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < width; x++) {
      const i = y * width + x;
      const old = values[i] ?? 0;
      const next = old < 128 ? BLACK : WHITE;
      out[i] = next;
      const error = old - next;
      if (x + 1 < width) values[i + 1] = (values[i + 1] ?? 0) + (error * 7) / 16;
      if (y + 1 < height) {
        if (x > 0) values[i + width - 1] = (values[i + width - 1] ?? 0) + (error * 3) / 16;
        values[i + width] = (values[i + width] ?? 0) + (error * 5) / 16;
        if (x + 1 < width) values[i + width + 1] = (values[i + width + 1] ?? 0) + error / 16;
      }
    }
  }
  return { width, height, pixels: out };
}
