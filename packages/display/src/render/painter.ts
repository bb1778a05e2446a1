import type { FontSize } from './font';

export const WIDTH = 250;
export const HEIGHT = 122;

export type Colour = 'black' | 'white';

export interface TextOptions {
  size: FontSize;
  anchor?: 'start' | 'middle' | 'end';
  fill?: Colour;
  /** When set, the text is shortened with an ellipsis to this width. */
  maxWidth?: number;
}

/** A 1-bit picture with its ink offset from the point it is drawn at (pixels outside it are clear). */
export interface InkBitmap {
  /** Where the first column and row sit, relative to the point the icon is drawn at. */
  readonly left: number;
  readonly top: number;
  /** One string per row, '#' = ink, '.' = clear. */
  readonly rows: readonly string[];
}

/**
 * What the views draw with. All coordinates are whole pixels: a view's shapes are the pixels they
 * cover, nothing is smoothed. The frame canvas draws into pixels; tests also draw the same calls as
 * SVG, to prove the two give the same frame.
 */
export interface Painter {
  /** Pixels x..x+width-1, y..y+height-1. */
  fillRect(x: number, y: number, width: number, height: number, colour?: Colour): void;
  /** A black outline `thickness` pixels wide, inside the box x..x+width-1, y..y+height-1. */
  strokeRect(x: number, y: number, width: number, height: number, thickness: number): void;
  /** Text whose baseline is at `y`, in the display font's own pixels. */
  text(x: number, y: number, content: string, options: TextOptions): void;
  /** The icon's ink, drawn with its origin at (x, y). */
  icon(name: IconName, x: number, y: number): void;
}

export type IconName = 'logo' | 'tick' | 'cross';
