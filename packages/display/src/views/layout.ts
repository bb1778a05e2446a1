import type { FontSize } from '../render/font';
import { WIDTH, type Painter } from '../render/painter';
import { textWidth } from '../render/text-fit';
import type { PagePosition } from './view-data';

export const TITLE_HEIGHT = 17;
export const MARGIN = 4;
/** Between a text and the icon or picture next to it. */
export const GAP = 6;

/** The black bar with the view's name, and its place in the cycle on the right. */
export function titleBar(painter: Painter, title: string, position: PagePosition | null, width = WIDTH): void {
  const where = position ? `${position.index}/${position.count}` : '';
  const room = width - 2 * MARGIN - (where ? textWidth(where, 14) + GAP : 0);
  painter.fillRect(0, 0, width, TITLE_HEIGHT, 'black');
  painter.text(MARGIN, 14, title, { size: 14, fill: 'white', maxWidth: room });
  if (where) painter.text(width - MARGIN, 14, where, { size: 14, fill: 'white', anchor: 'end' });
}

/** A horizontal gauge, filled in proportion to `percent` (empty outline when unknown). */
export function gauge(painter: Painter, x: number, y: number, width: number, height: number, percent: number | null): void {
  const inner = Math.round(((width - 4) * Math.min(100, Math.max(0, percent ?? 0))) / 100);
  painter.strokeRect(x, y, width, height, 1);
  if (percent !== null && inner > 0) painter.fillRect(x + 2, y + 2, inner, height - 4, 'black');
}

/** A small label over a value, in a cell of a grid (`y` is the cell's top). */
export function labelledValue(painter: Painter, x: number, y: number, width: number, label: string, value: string, valueSize: FontSize = 18): void {
  painter.text(x, y + 11, label, { size: 14, maxWidth: width });
  painter.text(x, y + 27, value, { size: valueSize, maxWidth: width });
}
