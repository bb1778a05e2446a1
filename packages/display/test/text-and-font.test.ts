import { isBlack } from '@mapio/epd-waveshare';
import { checkDisplayFont, FontMissingError, parseFcMatch } from '../src/render/font';
import { rasteriseSvg } from '../src/render/rasterise';
import { svgDocument, text } from '../src/render/svg';
import { charactersThatFit, ELLIPSIS, fitText } from '../src/render/text-fit';

describe('fitting text in a box', () => {
  it('keeps text that fits as it is', () => {
    expect(fitText('192.168.1.20', 130, 13)).toBe('192.168.1.20');
  });

  it('cuts what is too long and ends it with an ellipsis, within the width', () => {
    const fitted = fitText('Debian GNU/Linux 12 (bookworm)', 130, 13);
    expect(fitted).toBe(`Debian GNU/Linu${ELLIPSIS}`);
    expect(Array.from(fitted)).toHaveLength(charactersThatFit(130, 13));
  });

  it('never splits a character made of two UTF-16 units, and turns control characters into spaces', () => {
    const fiveCharacters = 5 * 13 * (1229 / 2048);
    expect(fitText('ab😀😀😀😀', fiveCharacters, 13)).toBe(`ab😀😀${ELLIPSIS}`);
    expect(fitText('a\nb\tc', 100, 10)).toBe('a b c');
  });

  it('gives nothing when not even one character fits', () => {
    expect(fitText('abc', 3, 13)).toBe('');
  });
});

describe('the display font', () => {
  it('is Liberation Mono Bold, found through fontconfig', async () => {
    const font = await checkDisplayFont();
    expect(font.family).toContain('Liberation Mono');
    expect(font.file).toMatch(/LiberationMono-Bold\.ttf$/);
  });

  it('refuses to start with a substitute when the font is missing, saying what to install', async () => {
    await expect(checkDisplayFont('No Such Font Family:bold')).rejects.toThrow(FontMissingError);
    await expect(checkDisplayFont('No Such Font Family:bold')).rejects.toThrow(/font "No Such Font Family:bold" is not installed \(fontconfig would draw .* instead\)/);
  });

  it('reads fc-match output', () => {
    expect(parseFcMatch('Liberation Mono\nBold\n/usr/share/fonts/x.ttf')).toEqual({
      family: 'Liberation Mono',
      style: 'Bold',
      file: '/usr/share/fonts/x.ttf',
    });
  });

  it.each([10, 11, 12, 13, 16, 20, 40])('draws no ink past the fitted width at %i px (the advance width is right)', async (size) => {
    const x = 10;
    const width = 150;
    const frame = await rasteriseSvg(svgDocument([text(x, 60, 'W'.repeat(100), { size, maxWidth: width })]));
    let rightmost = 0;
    for (let column = 0; column < frame.width; column++) {
      for (let row = 0; row < frame.height; row++) if (isBlack(frame, column, row)) rightmost = Math.max(rightmost, column);
    }
    expect(rightmost).toBeLessThan(x + width);
    expect(rightmost).toBeGreaterThan(x + width - size); // and it does use the room
  });
});
