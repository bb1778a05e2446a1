import type { MonoImage } from '@mapio/epd-waveshare';
import sharp from 'sharp';
import { floydSteinberg } from '../src/render/dither';
import { drawFrame } from '../src/render/frame-canvas';
import type { Painter } from '../src/render/painter';
import { ditherPhoto } from '../src/render/photo';
import { SvgPainter } from './support/svg-frame';

const drawWord = (painter: Painter) => painter.text(14, 75, 'MAPIO 42', { size: 34 });

/** Red lettering on a khaki-to-steel-blue gradient, as an owner's poster or a dashboard might be. */
function redOnGradient(): Promise<Buffer> {
  const word = new SvgPainter();
  drawWord(word);
  const svg = word
    .document()
    .replace(
      '<rect width="250" height="122" fill="#fff"/>',
      '<defs><linearGradient id="g" x1="0" x2="1" y1="0" y2="0"><stop offset="0" stop-color="#f0e68c"/><stop offset="1" stop-color="#4682b4"/></linearGradient></defs>' +
        '<rect width="250" height="122" fill="url(#g)"/>',
    )
    .replace('fill="#000"', 'fill="#e00000"');
  return sharp(Buffer.from(svg)).resize(500, 244, { kernel: 'nearest' }).jpeg({ quality: 90 }).toBuffer();
}

/** Share of black pixels of `frame` where `mask` is black (inside) and in the letters' box where it is not. */
function inkShares(frame: MonoImage, mask: MonoImage): { letters: number; around: number } {
  let letters = 0;
  let lettersBlack = 0;
  let around = 0;
  let aroundBlack = 0;
  for (let y = 40; y < 80; y++) {
    for (let x = 10; x < 180; x++) {
      const i = y * frame.width + x;
      const black = (frame.pixels[i] ?? 255) < 128;
      if ((mask.pixels[i] ?? 255) < 128) {
        letters++;
        if (black) lettersBlack++;
      } else {
        around++;
        if (black) aroundBlack++;
      }
    }
  }
  return { letters: lettersBlack / letters, around: aroundBlack / around };
}

describe('the CUSTOM picture', () => {
  it('keeps red text on a colour gradient readable: the letters come out solid black', async () => {
    const mask = drawFrame(drawWord);
    const shares = inkShares(await ditherPhoto(await redOnGradient()), mask);
    expect(shares.letters).toBeGreaterThan(0.97);
    expect(shares.around).toBeLessThan(0.5);
  });

  it('(a plain greyscale dither of the same picture melts the letters into the background)', async () => {
    const { data, info } = await sharp(await redOnGradient()).resize(250, 122).greyscale().raw().toBuffer({ resolveWithObject: true });
    const mask = drawFrame(drawWord);
    const shares = inkShares(floydSteinberg({ width: info.width, height: info.height, pixels: new Uint8Array(data) }), mask);
    expect(shares.letters).toBeLessThan(0.8);
  });
});
