import { FONT_ADVANCE_EM } from './font';

export const ELLIPSIS = '…';

/** How many characters of the display font fit in `widthPx` at `sizePx`. */
export function charactersThatFit(widthPx: number, sizePx: number): number {
  return Math.max(0, Math.floor(widthPx / (sizePx * FONT_ADVANCE_EM) + 1e-9));
}

/**
 * `text` as it fits in `widthPx`: control characters become spaces, and what is too long ends in an
 * ellipsis. Works on code points, so an emoji or accent is never cut in half.
 */
export function fitText(text: string, widthPx: number, sizePx: number): string {
  const chars = Array.from(text, (c) => (c < ' ' || c === '\u007f' ? ' ' : c));
  const room = charactersThatFit(widthPx, sizePx);
  if (chars.length <= room) return chars.join('');
  if (room === 0) return '';
  return `${chars.slice(0, room - 1).join('').trimEnd()}${ELLIPSIS}`;
}
