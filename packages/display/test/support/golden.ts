import { mkdirSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { encodeMonoPng, type MonoImage } from '@mapio/epd-waveshare';
import sharp from 'sharp';

export const GOLDEN_DIR = path.join(__dirname, '..', 'goldens');
export const UPDATING = process.env.UPDATE_GOLDENS === '1';

/** The black pixels of a PNG (any format sharp reads), as a 1-bit image. */
export async function readMonoPng(file: string | Buffer): Promise<MonoImage> {
  const { data, info } = await sharp(file).greyscale().raw().toBuffer({ resolveWithObject: true });
  return { width: info.width, height: info.height, pixels: Uint8Array.from(data, (v) => (v < 128 ? 0 : 255)) };
}

export function differingPixels(a: MonoImage, b: MonoImage): number {
  if (a.width !== b.width || a.height !== b.height) return Math.max(a.pixels.length, b.pixels.length);
  let count = 0;
  for (let i = 0; i < a.pixels.length; i++) if (((a.pixels[i] ?? 0) < 128) !== ((b.pixels[i] ?? 0) < 128)) count++;
  return count;
}

/**
 * Compares a frame with `goldens/<name>.png`, pixel for pixel. `scripts/update-goldens` rewrites the
 * goldens on purpose (UPDATE_GOLDENS=1); a mismatch leaves the frame in a temp dir to look at.
 */
export async function expectGolden(image: MonoImage, name: string): Promise<void> {
  const file = path.join(GOLDEN_DIR, `${name}.png`);
  if (UPDATING) {
    writeFileSync(file, encodeMonoPng(image));
    return;
  }
  const golden = await readMonoPng(file);
  const differing = differingPixels(image, golden);
  if (differing > 0) {
    const dir = path.join(os.tmpdir(), 'mapio-display-goldens');
    mkdirSync(dir, { recursive: true });
    const actual = path.join(dir, `${name}.png`);
    writeFileSync(actual, encodeMonoPng(image));
    throw new Error(`${name}: ${differing} pixel(s) differ from ${file}; this frame is in ${actual} (scripts/update-goldens if the change is wanted)`);
  }
}
