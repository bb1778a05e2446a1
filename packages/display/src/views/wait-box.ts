import type { MonoImage } from '@mapio/epd-waveshare';
import { HEIGHT, WIDTH, type Painter } from '../render/painter';

/** Bottom-right corner, where the "Wait..." box shows while the next view is drawn. */
export const WAIT_BOX = { x: WIDTH - 80, y: HEIGHT - 28, width: 78, height: 26 } as const;

/** A white box with a 2-pixel outline and "Wait..." in it, at WAIT_BOX. */
export function waitBoxView(painter: Painter): void {
  const { x, y, width, height } = WAIT_BOX;
  painter.fillRect(x, y, width, height, 'white');
  painter.strokeRect(x, y, width, height, 2);
  painter.text(x + width / 2, y + 18, 'Wait...', { size: 14, anchor: 'middle' });
}

/** `frame` with the box (cut from a frame drawn by waitBoxView) drawn over its corner. */
export function overlayWaitBox(frame: MonoImage, box: MonoImage): MonoImage {
  const pixels = frame.pixels.slice();
  for (let y = WAIT_BOX.y; y < WAIT_BOX.y + WAIT_BOX.height; y++) {
    const start = y * frame.width + WAIT_BOX.x;
    pixels.set(box.pixels.subarray(start, start + WAIT_BOX.width), start);
  }
  return { width: frame.width, height: frame.height, pixels };
}
