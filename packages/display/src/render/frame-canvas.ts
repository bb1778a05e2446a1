import { BLACK, WHITE, type MonoImage } from '@mapio/epd-waveshare';
import { ICON_BITMAPS } from './icon-bitmaps';
import { HEIGHT, WIDTH, type Colour, type IconName, type Painter, type TextOptions } from './painter';
import { textRuns } from './text-runs';

/** A white 1-bit frame the views draw into; what falls outside the frame is clipped. */
export class FrameCanvas implements Painter {
  private readonly pixels: Uint8Array;

  constructor(
    readonly width = WIDTH,
    readonly height = HEIGHT,
  ) {
    this.pixels = new Uint8Array(width * height).fill(WHITE);
  }

  fillRect(x: number, y: number, width: number, height: number, colour: Colour = 'black'): void {
    const value = colour === 'black' ? BLACK : WHITE;
    const left = Math.max(0, x);
    const right = Math.min(this.width, x + width);
    if (right <= left) return;
    for (let row = Math.max(0, y); row < Math.min(this.height, y + height); row++) {
      this.pixels.fill(value, row * this.width + left, row * this.width + right);
    }
  }

  strokeRect(x: number, y: number, width: number, height: number, thickness: number): void {
    this.fillRect(x, y, width, thickness);
    this.fillRect(x, y + height - thickness, width, thickness);
    this.fillRect(x, y + thickness, thickness, height - 2 * thickness);
    this.fillRect(x + width - thickness, y + thickness, thickness, height - 2 * thickness);
  }

  text(x: number, y: number, content: string, options: TextOptions): void {
    for (const run of textRuns(x, y, content, options)) this.fillRect(run.x, run.y, run.length, 1, options.fill ?? 'black');
  }

  icon(name: IconName, x: number, y: number): void {
    const bitmap = ICON_BITMAPS[name];
    bitmap.rows.forEach((row, index) => {
      for (let column = 0; column < row.length; column++) if (row[column] === '#') this.fillRect(x + bitmap.left + column, y + bitmap.top + index, 1, 1);
    });
  }

  image(): MonoImage {
    return { width: this.width, height: this.height, pixels: this.pixels.slice() };
  }
}

/** The frame `paint` draws on a white canvas. */
export function drawFrame(paint: (canvas: FrameCanvas) => void): MonoImage {
  const canvas = new FrameCanvas();
  paint(canvas);
  return canvas.image();
}
