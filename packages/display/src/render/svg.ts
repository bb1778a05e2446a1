import { fontFace, type FontSize } from './font';
import { fitText, textWidth } from './text-fit';

export const WIDTH = 250;
export const HEIGHT = 122;

export type Colour = 'black' | 'white';

export interface TextOptions {
  size: FontSize;
  anchor?: 'start' | 'middle' | 'end';
  fill?: Colour;
  /** When set, the text is shortened with an ellipsis to this width. */
  maxWidth?: number;
}

/**
 * Text whose baseline is at `y`, drawn as the font's own pixels (one SVG run per row of ink), so
 * the rasteriser has nothing to smooth: positions are rounded to whole pixels.
 */
export function text(x: number, y: number, content: string, options: TextOptions): string {
  const shown = options.maxWidth === undefined ? fitText(content, Number.POSITIVE_INFINITY, options.size) : fitText(content, options.maxWidth, options.size);
  const width = textWidth(shown, options.size);
  const start = options.anchor === 'middle' ? x - width / 2 : options.anchor === 'end' ? x - width : x;
  const face = fontFace(options.size);
  const baseline = Math.round(y);
  let pen = Math.round(start);
  const runs: string[] = [];
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
        runs.push(`M${left + runStart} ${top + row}h${column - runStart}v1h${runStart - column}z`);
      }
    }
    pen += glyph.advance;
  }
  if (runs.length === 0) return '';
  return `<path d="${runs.join('')}" fill="${options.fill === 'white' ? '#fff' : '#000'}"/>`;
}

export function rect(x: number, y: number, width: number, height: number, style: { fill?: Colour; stroke?: number } = {}): string {
  const fill = style.fill === 'black' ? '#000' : style.fill === 'white' ? '#fff' : 'none';
  const stroke = style.stroke ? ` stroke="#000" stroke-width="${style.stroke}"` : '';
  return `<rect x="${x}" y="${y}" width="${width}" height="${height}" fill="${fill}"${stroke}/>`;
}

export function path(d: string, style: { fill?: Colour; stroke?: number } = {}): string {
  const fill = style.fill === 'black' ? '#000' : style.fill === 'white' ? '#fff' : 'none';
  const stroke = style.stroke ? ` stroke="#000" stroke-width="${style.stroke}" stroke-linejoin="miter"` : '';
  return `<path d="${d}" fill="${fill}"${stroke}/>`;
}

/** A whole frame: white background, crisp shapes. */
export function svgDocument(parts: readonly string[]): string {
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}" ` +
    `shape-rendering="crispEdges">` +
    `<rect width="${WIDTH}" height="${HEIGHT}" fill="#fff"/>${parts.join('')}</svg>`
  );
}
