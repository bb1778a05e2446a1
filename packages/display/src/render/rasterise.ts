import type { MonoImage } from '@mapio/epd-waveshare';
import sharp from 'sharp';
import { floydSteinberg, type GreyImage } from './dither';
import { HEIGHT, WIDTH } from './svg';

// Frames are tiny: no cache (it would hold tens of MB), one libvips thread is plenty.
sharp.cache(false);
sharp.concurrency(1);

/** An SVG frame as 1-bit pixels: antialiased edges are thresholded, never dithered (crisp text). */
export async function rasteriseSvg(svg: string): Promise<MonoImage> {
  const { data, info } = await sharp(Buffer.from(svg), { density: 72 })
    .flatten({ background: '#ffffff' })
    .greyscale()
    .threshold(128)
    .raw()
    .toBuffer({ resolveWithObject: true });
  if (info.width !== WIDTH || info.height !== HEIGHT || info.channels !== 1) {
    throw new Error(`rasterised frame is ${info.width}x${info.height}x${info.channels}, expected ${WIDTH}x${HEIGHT}x1`);
  }
  return { width: WIDTH, height: HEIGHT, pixels: new Uint8Array(data.buffer, data.byteOffset, data.byteLength) };
}

/**
 * Any picture sharp reads, fitted into the panel on white, as its luminance with the contrast
 * stretched (the darkest 1% to black, the lightest 1% to white): coloured text or line art on a
 * colour background usually differs from it in lightness only a little, and dithering a small
 * difference leaves two similar dot patterns where the stretched one leaves solid ink.
 */
async function loadPhoto(source: string | Buffer): Promise<GreyImage> {
  const { data, info } = await sharp(source, { failOn: 'error' })
    .rotate() // honour EXIF orientation
    .resize(WIDTH, HEIGHT, { fit: 'contain', background: '#ffffff' })
    .flatten({ background: '#ffffff' })
    .greyscale()
    .normalise({ lower: 1, upper: 99 })
    .raw()
    .toBuffer({ resolveWithObject: true });
  if (info.channels !== 1) throw new Error(`photo decoded to ${info.channels} channels, expected 1`);
  return { width: info.width, height: info.height, pixels: new Uint8Array(data.buffer, data.byteOffset, data.byteLength) };
}

/** A photo for the e-paper: luminance, contrast stretched, then Floyd–Steinberg dithered to black and white. */
export async function ditherPhoto(source: string | Buffer): Promise<MonoImage> {
  return floydSteinberg(await loadPhoto(source));
}
