import type { MonoImage } from '@mapio/epd-waveshare';
import sharp from 'sharp';
import { ICON_SOURCES } from '../../src/render/icon-sources';
import { HEIGHT, WIDTH, type Colour, type IconName, type Painter, type TextOptions } from '../../src/render/painter';
import { textRuns } from '../../src/render/text-runs';

const colour = (fill: Colour) => (fill === 'black' ? '#000' : '#fff');

/**
 * The views' drawing as the SVG mapio-display used to rasterise with sharp (crisp edges, outlines
 * on half-pixel coordinates, text as one path of pixel runs, icons as their source paths): what the
 * frame canvas is proven against.
 */
export class SvgPainter implements Painter {
  private readonly parts: string[] = [];

  fillRect(x: number, y: number, width: number, height: number, fill: Colour = 'black'): void {
    this.parts.push(`<rect x="${x}" y="${y}" width="${width}" height="${height}" fill="${colour(fill)}"/>`);
  }

  strokeRect(x: number, y: number, width: number, height: number, thickness: number): void {
    const half = thickness / 2;
    this.parts.push(
      `<rect x="${x + half}" y="${y + half}" width="${width - thickness}" height="${height - thickness}" fill="none" stroke="#000" stroke-width="${thickness}"/>`,
    );
  }

  text(x: number, y: number, content: string, options: TextOptions): void {
    const runs = textRuns(x, y, content, options);
    if (runs.length === 0) return;
    const d = runs.map((run) => `M${run.x} ${run.y}h${run.length}v1h${-run.length}z`).join('');
    this.parts.push(`<path d="${d}" fill="${colour(options.fill ?? 'black')}"/>`);
  }

  icon(name: IconName, x: number, y: number): void {
    this.parts.push(x === 0 && y === 0 ? ICON_SOURCES[name] : `<g transform="translate(${x} ${y})">${ICON_SOURCES[name]}</g>`);
  }

  /** A whole frame: white background, crisp shapes. */
  document(width = WIDTH, height = HEIGHT): string {
    return (
      `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" shape-rendering="crispEdges">` +
      `<rect width="${width}" height="${height}" fill="#fff"/>${this.parts.join('')}</svg>`
    );
  }
}

/** An SVG frame as 1-bit pixels, as mapio-display rasterised its frames before it had a canvas. */
export async function rasteriseSvg(svg: string): Promise<MonoImage> {
  const { data, info } = await sharp(Buffer.from(svg), { density: 72 })
    .flatten({ background: '#ffffff' })
    .greyscale()
    .threshold(128)
    .raw()
    .toBuffer({ resolveWithObject: true });
  if (info.channels !== 1) throw new Error(`rasterised frame has ${info.channels} channels, expected 1`);
  return { width: info.width, height: info.height, pixels: new Uint8Array(data.buffer, data.byteOffset, data.byteLength) };
}

/** What `paint` draws, rasterised from SVG by sharp. */
export async function sharpFrame(paint: (painter: Painter) => void, width = WIDTH, height = HEIGHT): Promise<MonoImage> {
  const painter = new SvgPainter();
  paint(painter);
  return rasteriseSvg(painter.document(width, height));
}
