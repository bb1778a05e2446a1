import type { MonoImage } from '@mapio/epd-waveshare';
import type SharpModule from 'sharp';
import { floydSteinberg, type GreyImage } from './dither';
import { HEIGHT, WIDTH } from './painter';

let loaded: typeof SharpModule | null = null;

/**
 * sharp (libvips) is loaded the first time a photo is dithered, not at start: it is ~9 MB of
 * resident pages and more malloc heap, and the views themselves never need it.
 */
function sharp(): typeof SharpModule {
  if (!loaded) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    loaded = require('sharp') as typeof SharpModule;
    // One small picture at a time: no cache (it would hold tens of MB), one libvips thread is plenty.
    loaded.cache(false);
    loaded.concurrency(1);
  }
  return loaded;
}

/**
 * Any picture sharp reads, fitted into the panel on white, as its luminance with the contrast
 * stretched (the darkest 1% to black, the lightest 1% to white): coloured text or line art on a
 * colour background usually differs from it in lightness only a little, and dithering a small
 * difference leaves two similar dot patterns where the stretched one leaves solid ink.
 */
async function loadPhoto(source: string | Buffer): Promise<GreyImage> {
  const { data, info } = await sharp()(source, { failOn: 'error' })
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
