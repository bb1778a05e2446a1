import { HEIGHT, WIDTH, type Painter } from '../render/painter';
import { titleBar } from './layout';
import type { PagePosition } from './view-data';

/** CUSTOM without a readable picture: say so (the picture itself is drawn as is). */
export function customPlaceholderView(painter: Painter, position: PagePosition): void {
  titleBar(painter, 'CUSTOM', position);
  painter.text(WIDTH / 2, HEIGHT / 2 + 6, 'Image unreadable', { size: 14, anchor: 'middle' });
}
