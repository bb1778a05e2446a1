import { svgDocument, text, WIDTH } from '../render/svg';
import { charactersThatFit, fitText } from '../render/text-fit';
import { MARGIN, TITLE_HEIGHT, titleBar } from './layout';
import type { NotificationData } from './view-data';

const SIZE = 14;
const LINE_HEIGHT = 16;
const LINES = 5;
const room = WIDTH - 2 * MARGIN;

/**
 * The message's lines as they fit the panel: its own line breaks kept, long lines broken between
 * words (a word longer than a line is cut), the last line that fits ending in an ellipsis when
 * more follows.
 */
export function messageLines(message: string, width: number, size: number, maxLines: number): string[] {
  const perLine = Math.max(1, charactersThatFit(width, size));
  const lines: string[] = [];
  for (const paragraph of message.trim().split(/\r?\n/)) {
    let line = '';
    for (const word of paragraph.split(/\s+/).filter((w) => w.length > 0)) {
      let rest = word;
      while (Array.from(rest).length > perLine) {
        if (line) lines.push(line);
        const chars = Array.from(rest);
        lines.push(chars.slice(0, perLine).join(''));
        rest = chars.slice(perLine).join('');
        line = '';
      }
      const candidate = line ? `${line} ${rest}` : rest;
      if (Array.from(candidate).length <= perLine) {
        line = candidate;
      } else {
        lines.push(line);
        line = rest;
      }
    }
    lines.push(line);
  }
  while (lines.length > 0 && lines.at(-1) === '') lines.pop();
  if (lines.length <= maxLines) return lines;
  const kept = lines.slice(0, maxLines);
  // Forcing an overflow: fitText ends the line in an ellipsis.
  kept[maxLines - 1] = fitText(`${kept[maxLines - 1] ?? ''}${' '.repeat(perLine)}`, width, size);
  return kept;
}

/** MESSAGE: a notification from Home Assistant, until a button is pressed (or it times out). */
export function notificationView(data: NotificationData): string {
  const lines = messageLines(data.message, room, SIZE, LINES);
  return svgDocument([
    titleBar('MESSAGE', null),
    ...lines.map((line, i) => text(MARGIN, TITLE_HEIGHT + 18 + i * LINE_HEIGHT, line, { size: SIZE, maxWidth: room })),
    text(MARGIN, TITLE_HEIGHT + 101, 'Press a button to close', { size: 10, maxWidth: room }),
  ]);
}
