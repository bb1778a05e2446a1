import { FONT_FAMILY } from './font';
import { fitText } from './text-fit';

export const WIDTH = 250;
export const HEIGHT = 122;

export type Colour = 'black' | 'white';

export interface TextOptions {
  size: number;
  anchor?: 'start' | 'middle' | 'end';
  fill?: Colour;
  /** When set, the text is shortened with an ellipsis to this width. */
  maxWidth?: number;
}

export function escapeXml(text: string): string {
  return text.replace(/[<>&'"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c] ?? c);
}

/** Text whose baseline is at `y`. */
export function text(x: number, y: number, content: string, options: TextOptions): string {
  const shown = options.maxWidth === undefined ? content : fitText(content, options.maxWidth, options.size);
  const anchor = options.anchor && options.anchor !== 'start' ? ` text-anchor="${options.anchor}"` : '';
  const fill = options.fill === 'white' ? ' fill="#fff"' : '';
  return `<text x="${x}" y="${y}" font-size="${options.size}"${anchor}${fill}>${escapeXml(shown)}</text>`;
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

/** A whole frame: white background, the display font, crisp shapes. */
export function svgDocument(parts: readonly string[]): string {
  return (
    `<svg xmlns="http://www.w3.org/2000/svg" width="${WIDTH}" height="${HEIGHT}" viewBox="0 0 ${WIDTH} ${HEIGHT}" ` +
    `font-family="${FONT_FAMILY}" font-weight="bold" shape-rendering="crispEdges" xml:space="preserve">` +
    `<rect width="${WIDTH}" height="${HEIGHT}" fill="#fff"/>${parts.join('')}</svg>`
  );
}
