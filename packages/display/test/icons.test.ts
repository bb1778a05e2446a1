import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { isBlack, type MonoImage } from '@mapio/epd-waveshare';
import { FrameCanvas } from '../src/render/frame-canvas';
import { ICON_BITMAPS } from '../src/render/icon-bitmaps';
import { ICON_SOURCES } from '../src/render/icon-sources';
import type { IconName, InkBitmap } from '../src/render/painter';
import { UPDATING } from './support/golden';
import { sharpFrame } from './support/svg-frame';

const NAMES = Object.keys(ICON_SOURCES) as IconName[];
/** Room around the origin for ink left of or above it (a stroke's half width, a miter). */
const MARGIN = 16;
const ROOM = 160;

/** The icon's ink as sharp rasterises its source, cropped to the ink. */
async function rasterisedIcon(name: IconName): Promise<InkBitmap> {
  const frame = await sharpFrame((painter) => painter.icon(name, MARGIN, MARGIN), ROOM, ROOM);
  return cropToInk(frame);
}

function cropToInk(frame: MonoImage): InkBitmap {
  let [left, top, right, bottom] = [frame.width, frame.height, -1, -1];
  for (let y = 0; y < frame.height; y++) {
    for (let x = 0; x < frame.width; x++) {
      if (!isBlack(frame, x, y)) continue;
      [left, top, right, bottom] = [Math.min(left, x), Math.min(top, y), Math.max(right, x), Math.max(bottom, y)];
    }
  }
  if (right < 0) throw new Error('the icon has no ink');
  if (left === 0 || top === 0 || right === frame.width - 1 || bottom === frame.height - 1) throw new Error('the icon touches the edge of its room');
  const rows: string[] = [];
  for (let y = top; y <= bottom; y++) {
    let row = '';
    for (let x = left; x <= right; x++) row += isBlack(frame, x, y) ? '#' : '.';
    rows.push(row);
  }
  return { left: left - MARGIN, top: top - MARGIN, rows };
}

function bitmapsModule(bitmaps: Record<IconName, InkBitmap>): string {
  const entries = NAMES.map((name) => {
    const { left, top, rows } = bitmaps[name];
    return `  ${name}: {\n    left: ${left},\n    top: ${top},\n    rows: [\n${rows.map((row) => `      '${row}',`).join('\n')}\n    ],\n  },`;
  });
  return [
    '// Generated from icon-sources.ts by test/icons.test.ts (scripts/update-goldens): do not edit by hand.',
    "import type { IconName, InkBitmap } from './painter';",
    '',
    'export const ICON_BITMAPS: Record<IconName, InkBitmap> = {',
    ...entries,
    '};',
    '',
  ].join('\n');
}

describe('icons', () => {
  it('are blitted from bitmaps that are exactly what sharp rasterises from their SVG sources', async () => {
    const rasterised = Object.fromEntries(await Promise.all(NAMES.map(async (name) => [name, await rasterisedIcon(name)] as const))) as Record<IconName, InkBitmap>;
    if (UPDATING) writeFileSync(path.join(__dirname, '..', 'src', 'render', 'icon-bitmaps.ts'), bitmapsModule(rasterised));
    else expect(ICON_BITMAPS).toEqual(rasterised);
  });

  it.each(NAMES)('%s drawn anywhere by the canvas is the pixels sharp gives for its SVG there', async (name) => {
    const canvas = new FrameCanvas();
    canvas.icon(name, 7, 3);
    const expected = await sharpFrame((painter) => painter.icon(name, 7, 3));
    expect(Buffer.from(canvas.image().pixels).equals(Buffer.from(expected.pixels))).toBe(true);
  });
});
