import type { IconName } from './painter';

/**
 * The icons as drawn by their designer: SVG (crisp edges, thresholded at 50 %) with the icon's origin
 * at (0, 0). The frame canvas does not stroke paths: it blits the pixels in icon-bitmaps.ts, which a
 * test (test/icons.test.ts) rasterises from these with sharp and compares, so the two cannot drift
 * (`scripts/update-goldens` rewrites icon-bitmaps.ts after a change here made on purpose).
 */
export const ICON_SOURCES: Record<IconName, string> = {
  /** The MAPIO mark: a house with a radio signal in it (the name under it is text); origin = the frame's corner. */
  logo: [
    stroke('M10 52L56 10L102 52', 6),
    stroke('M22 42V92H90V42', 6),
    '<rect x="51" y="70" width="10" height="10" fill="#000"/>',
    stroke('M42 66a20 20 0 0 1 28 0', 4),
    stroke('M34 58a31 31 0 0 1 44 0', 4),
  ].join(''),
  /** A tick in a 16 x 16 box whose top-left corner is the origin. */
  tick: stroke('M0 8l5 5l9 -11', 3),
  /** A cross in the same box. */
  cross: stroke('M2 2l11 11m0 -11l-11 11', 3),
};

function stroke(d: string, width: number): string {
  return `<path d="${d}" fill="none" stroke="#000" stroke-width="${width}" stroke-linejoin="miter"/>`;
}
