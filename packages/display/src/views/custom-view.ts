import { HEIGHT, svgDocument, text, WIDTH } from '../render/svg';
import { titleBar } from './layout';
import type { PagePosition } from './view-data';

/** CUSTOM without a readable picture: say so (the picture itself is drawn as is). */
export function customPlaceholderView(position: PagePosition): string {
  return svgDocument([
    titleBar('CUSTOM', position),
    text(WIDTH / 2, HEIGHT / 2 + 6, 'Image unreadable', { size: 14, anchor: 'middle' }),
  ]);
}

