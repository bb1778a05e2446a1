/**
 * A 1-bit picture kept one byte per pixel (row-major), as sharp's raw greyscale output gives it:
 * a byte below 128 is black, anything else white.
 */
export interface MonoImage {
  readonly width: number;
  readonly height: number;
  readonly pixels: Uint8Array;
}

export const BLACK = 0;
export const WHITE = 255;

export function blankImage(width: number, height: number, fill: number = WHITE): MonoImage {
  return { width, height, pixels: new Uint8Array(width * height).fill(fill) };
}

export function isBlack(image: MonoImage, x: number, y: number): boolean {
  return (image.pixels[y * image.width + x] ?? WHITE) < 128;
}

/** Throws when `image` is not `width` x `height` with one byte per pixel. */
export function assertImageSize(image: MonoImage, width: number, height: number, what: string): void {
  if (image.width !== width || image.height !== height || image.pixels.length !== width * height) {
    throw new RangeError(
      `${what}: expected a ${width}x${height} image (${width * height} bytes), got ${image.width}x${image.height} (${image.pixels.length} bytes)`,
    );
  }
}
