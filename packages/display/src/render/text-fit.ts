import { fontFace, type FontSize } from './font';

const ELLIPSIS = '…';

/** Control characters become spaces; code points, so an emoji or accent is never cut in half. */
function characters(text: string): string[] {
  return Array.from(text, (c) => (c < ' ' || c === '\u007f' ? ' ' : c));
}

/** Width in pixels of `text` drawn at `size` (the sum of its glyphs' advances). */
export function textWidth(text: string, size: FontSize): number {
  const face = fontFace(size);
  return characters(text).reduce((width, c) => width + face.glyph(c.codePointAt(0) ?? 0).advance, 0);
}

/** `text` as it fits in `widthPx` at `size`: what is too long ends in an ellipsis. */
export function fitText(text: string, widthPx: number, size: FontSize): string {
  const chars = characters(text);
  if (textWidth(chars.join(''), size) <= widthPx) return chars.join('');
  const room = widthPx - textWidth(ELLIPSIS, size);
  let kept = chars.length - 1;
  while (kept > 0 && textWidth(chars.slice(0, kept).join(''), size) > room) kept--;
  if (kept === 0) return room >= 0 ? ELLIPSIS : '';
  return `${chars.slice(0, kept).join('').trimEnd()}${ELLIPSIS}`;
}

/** `text` marked as cut short (more followed that is not shown): it ends in an ellipsis within `widthPx`. */
export function endWithEllipsis(text: string, widthPx: number, size: FontSize): string {
  const marked = `${text.trimEnd()}${ELLIPSIS}`;
  return textWidth(marked, size) <= widthPx ? marked : fitText(marked, widthPx, size);
}

/**
 * `text` broken at spaces into at most `maxLines` lines that fit `widthPx`; a word longer than a
 * line is cut, and what does not fit in the last line ends in an ellipsis.
 */
export function wrapText(text: string, widthPx: number, size: FontSize, maxLines: number): string[] {
  const words = characters(text).join('').split(' ').filter((word) => word !== '');
  const lines: string[] = [];
  let current = '';
  for (let i = 0; i < words.length; i++) {
    const word = words[i] ?? '';
    const candidate = current === '' ? word : `${current} ${word}`;
    if (textWidth(candidate, size) <= widthPx) {
      current = candidate;
      continue;
    }
    if (lines.length === maxLines - 1) return [...lines, fitText(`${candidate} ${words.slice(i + 1).join(' ')}`.trim(), widthPx, size)];
    if (current !== '') lines.push(current);
    current = word;
    if (textWidth(current, size) > widthPx) {
      if (lines.length === maxLines - 1) return [...lines, fitText(words.slice(i).join(' '), widthPx, size)];
      lines.push(fitText(current, widthPx, size));
      current = '';
    }
  }
  if (current !== '') lines.push(current);
  return lines;
}
