import { fontFace } from './font';
import type { TextOptions } from './painter';
import { fitText, textWidth } from './text-fit';

/** A horizontal run of ink, one pixel high. */
export interface InkRun {
  x: number;
  y: number;
  length: number;
}

/**
 * The ink of text whose baseline is at `y`, as the font's own pixels grouped into runs along each
 * row; positions are rounded to whole pixels.
 */
export function textRuns(x: number, y: number, content: string, options: TextOptions): InkRun[] {
  const shown = fitText(content, options.maxWidth ?? Number.POSITIVE_INFINITY, options.size);
  const width = textWidth(shown, options.size);
  const start = options.anchor === 'middle' ? x - width / 2 : options.anchor === 'end' ? x - width : x;
  const face = fontFace(options.size);
  const baseline = Math.round(y);
  let pen = Math.round(start);
  const runs: InkRun[] = [];
  for (const c of shown) {
    const glyph = face.glyph(c.codePointAt(0) ?? 0);
    const left = pen + glyph.left;
    const top = baseline - glyph.ascent;
    for (let row = 0; row < glyph.height; row++) {
      let column = 0;
      while (column < glyph.width) {
        if (glyph.bits[row * glyph.width + column] !== 1) {
          column++;
          continue;
        }
        const runStart = column;
        while (column < glyph.width && glyph.bits[row * glyph.width + column] === 1) column++;
        runs.push({ x: left + runStart, y: top + row, length: column - runStart });
      }
    }
    pen += glyph.advance;
  }
  return runs;
}
