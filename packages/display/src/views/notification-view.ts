import { WIDTH, type Painter } from '../render/painter';
import { endWithEllipsis, wrapText } from '../render/text-fit';
import { MARGIN, TITLE_HEIGHT, titleBar } from './layout';
import type { NotificationData } from './view-data';

const SIZE = 14;
const LINE_HEIGHT = 16;
const LINES = 4;
const room = WIDTH - 2 * MARGIN;

/**
 * The message's lines as they fit the panel: its own line breaks kept, long lines broken between
 * words (a word longer than a line is cut), the last line that fits ending in an ellipsis when
 * more follows.
 */
export function messageLines(message: string, width: number, maxLines: number): string[] {
  const paragraphs = message.trim().split(/\r?\n/).filter((paragraph, i, all) => paragraph.trim() !== '' || i < all.length - 1);
  const lines: string[] = [];
  for (const [index, paragraph] of paragraphs.entries()) {
    const left = maxLines - lines.length;
    if (left === 0) break;
    const wrapped = wrapText(paragraph, width, SIZE, left);
    const more = index < paragraphs.length - 1;
    if (wrapped.length === left && more) {
      // The last line that fits, and more follows: it ends in an ellipsis.
      wrapped[left - 1] = endWithEllipsis(wrapped[left - 1] ?? '', width, SIZE);
    }
    lines.push(...wrapped);
  }
  return lines;
}

/** MESSAGE: a notification from Home Assistant, until a button is pressed (or it times out). */
export function notificationView(painter: Painter, data: NotificationData): void {
  titleBar(painter, 'MESSAGE', null);
  messageLines(data.message, room, LINES).forEach((line, i) => painter.text(MARGIN, TITLE_HEIGHT + 20 + i * LINE_HEIGHT, line, { size: SIZE, maxWidth: room }));
  painter.text(MARGIN, TITLE_HEIGHT + 99, 'Press a button to close', { size: SIZE, maxWidth: room });
}
