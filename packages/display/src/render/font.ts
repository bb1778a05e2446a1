import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';
import { errorMessage } from '@mapio/runtime';
import { parsePcf, type BitmapFont } from './pcf-font';

/*
 * Every view is drawn in Lucida Typewriter Bold, a bitmap font at its native pixel sizes: each
 * glyph is the pixels its designers drew for that size, so nothing is anti-aliased or thresholded
 * and the same frame comes out on every machine (no fontconfig, no host fonts). The files ship
 * unmodified in packages/display/assets/fonts/ with their notice (LICENSE there):
 * (c) Copyright Bigelow & Holmes 1986, 1985. Lucida is a registered trademark of Bigelow & Holmes.
 */

/** The pixel sizes the views may use (font size = line height in pixels). */
export type FontSize = 14 | 18 | 24 | 34;

const FACE_FILES: Record<FontSize, string> = {
  14: 'lutBS14-75dpi.pcf.gz',
  18: 'lutBS18-75dpi.pcf.gz',
  24: 'lutBS24-75dpi.pcf.gz',
  34: 'lutBS24-100dpi.pcf.gz',
};

class FontMissingError extends Error {}

/** From a bundle (fonts next to main.js) and from dist/render or src/render (package root). */
function fontDirectories(): string[] {
  return [path.join(__dirname, 'assets', 'fonts'), path.join(__dirname, '..', 'assets', 'fonts'), path.join(__dirname, '..', '..', 'assets', 'fonts')];
}

function loadFace(size: FontSize): BitmapFont {
  const file = FACE_FILES[size];
  const candidates = fontDirectories().map((dir) => path.join(dir, file));
  const found = candidates.find((candidate) => existsSync(candidate));
  if (!found) throw new FontMissingError(`display font ${file} not found (looked in ${candidates.join(', ')}); the package's assets/fonts folder is missing`);
  let font: BitmapFont;
  try {
    font = parsePcf(gunzipSync(readFileSync(found)));
  } catch (error) {
    throw new FontMissingError(`display font ${found} is unreadable: ${errorMessage(error)}`);
  }
  if (font.pixelSize !== size) throw new FontMissingError(`display font ${found} is ${font.pixelSize} px, expected ${size} px`);
  return font;
}

const faces = new Map<FontSize, BitmapFont>();

/** The face of one size, read from its file the first time it is needed. */
export function fontFace(size: FontSize): BitmapFont {
  let face = faces.get(size);
  if (!face) {
    face = loadFace(size);
    faces.set(size, face);
  }
  return face;
}

const FONT_SIZES = Object.keys(FACE_FILES).map(Number) as FontSize[];

/** Loads every face at start, so a broken install stops the daemon at once with the file it lacks. */
export async function checkDisplayFont(): Promise<void> {
  for (const size of FONT_SIZES) fontFace(size);
  return Promise.resolve();
}
