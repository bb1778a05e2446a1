import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { gunzipSync } from 'node:zlib';
import { BLACK, isBlack, WHITE, type MonoImage } from '@mapio/epd-waveshare';
import { checkDisplayFont, fontFace, type FontSize } from '../src/render/font';
import { parsePcf } from '../src/render/pcf-font';
import { drawFrame as drawn } from '../src/render/frame-canvas';
import { fitText, textWidth, wrapText } from '../src/render/text-fit';

const FONT_SIZES: FontSize[] = [14, 18, 24, 34];
const ELLIPSIS = '…';

const glyphOf = (c: string, size: FontSize) => fontFace(size).glyph(c.codePointAt(0) ?? 0);
const bitsOf = (c: string, size: FontSize) => Array.from(glyphOf(c, size).bits).join('');

/** What `content` must look like: the font's glyph bitmaps copied onto white, pen from `x`. */
function blit(content: string, x: number, baseline: number, size: FontSize): MonoImage {
  const pixels = new Uint8Array(250 * 122).fill(WHITE);
  let pen = x;
  for (const c of content) {
    const glyph = glyphOf(c, size);
    for (let row = 0; row < glyph.height; row++) {
      for (let column = 0; column < glyph.width; column++) {
        if (glyph.bits[row * glyph.width + column] === 1) pixels[(baseline - glyph.ascent + row) * 250 + pen + glyph.left + column] = BLACK;
      }
    }
    pen += glyph.advance;
  }
  return { width: 250, height: 122, pixels };
}

describe('the display font', () => {
  it('is read from the package itself, one bitmap face per size, at its native pixel size', async () => {
    await expect(checkDisplayFont()).resolves.toBeUndefined();
    for (const size of FONT_SIZES) expect(fontFace(size).pixelSize).toBe(size);
  });

  it('has a plain zero and distinct I / l / 1 and M / H at the smallest size', () => {
    const zero = bitsOf('0', 14);
    expect(new Set([zero, bitsOf('O', 14), bitsOf('8', 14)]).size).toBe(3);
    expect(new Set([bitsOf('I', 14), bitsOf('l', 14), bitsOf('1', 14)]).size).toBe(3);
    expect(bitsOf('M', 14)).not.toBe(bitsOf('H', 14));
    // No slash or dot: the middle row of the zero has ink only at its two sides.
    const glyph = glyphOf('0', 14);
    const middle = Array.from(glyph.bits.subarray(Math.floor(glyph.height / 2) * glyph.width, (Math.floor(glyph.height / 2) + 1) * glyph.width));
    expect(middle.join('').replace(/^0*1+0+1+0*$/, 'sides')).toBe('sides');
  });

  it('is monospace: every printable ASCII character advances the same width', () => {
    for (const size of FONT_SIZES) {
      const advances = new Set(Array.from({ length: 95 }, (_, i) => fontFace(size).glyph(32 + i).advance));
      expect(advances.size).toBe(1);
    }
  });

  it.each(FONT_SIZES)('is drawn pixel for pixel as the font has it at %i px (no smoothing, no threshold)', async (size) => {
    const content = size < 24 ? 'MID 8456 29.1% Il1 0O' : 'MID 29.1% 0O'; // within the panel's width
    const frame = drawn((painter) => painter.text(3, 60, content, { size }));
    const expected = blit(content, 3, 60, size);
    expect(Buffer.from(frame.pixels).equals(Buffer.from(expected.pixels))).toBe(true);
  });

  it('draws white text on black as exactly the inverse', async () => {
    const frame = drawn((painter) => {
      painter.fillRect(0, 0, 250, 122, 'black');
      painter.text(3, 60, 'STATUS 4/4', { size: 14, fill: 'white' });
    });
    const expected = blit('STATUS 4/4', 3, 60, 14);
    expect(frame.pixels.every((value, i) => value === (expected.pixels[i] === BLACK ? WHITE : BLACK))).toBe(true);
  });

  it('is found next to the code as a release bundle lays it out (main.js beside assets/), built dist/ code', async () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'mapio-display-fonts-'));
    try {
      const bundle = path.join(dir, 'mapio-display');
      for (const file of ['font.js', 'pcf-font.js']) cpSync(path.join(__dirname, '..', 'dist', 'render', file), path.join(bundle, file));
      cpSync(path.join(__dirname, '..', 'assets', 'fonts'), path.join(bundle, 'assets', 'fonts'), { recursive: true });
      const script = "require('./font.js').checkDisplayFont().then(() => console.log(require('./font.js').fontFace(34).pixelSize))";
      const { stdout } = await promisify(execFile)(process.execPath, ['-e', script], {
        cwd: bundle,
        env: { PATH: process.env.PATH, NODE_PATH: path.join(__dirname, '..', 'node_modules') },
        timeout: 60_000,
      });
      expect(stdout.trim()).toBe('34');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('rejects a file that is not a PCF font', () => {
    expect(() => parsePcf(Buffer.from('STARTFONT 2.1\n'))).toThrow(/not a PCF font/);
  });

  it('reads the same glyphs from the shipped file as the face in use', () => {
    const file = path.join(__dirname, '..', 'assets', 'fonts', 'lutBS14-75dpi.pcf.gz');
    const font = parsePcf(gunzipSync(readFileSync(file)));
    expect(font.ascent + font.descent).toBe(15);
    expect(Array.from(font.glyph(0x41).bits).join('')).toBe(bitsOf('A', 14));
    expect(font.glyph(0x10ffff).advance).toBe(9); // a code point the font lacks: its default glyph
  });
});

describe('fitting text in a box', () => {
  it('keeps text that fits as it is', () => {
    expect(fitText('192.168.1.20', 12 * 9, 14)).toBe('192.168.1.20');
  });

  it('cuts what is too long and ends it with an ellipsis, within the width', () => {
    const fitted = fitText('Debian GNU/Linux 12 (bookworm)', 130, 14);
    expect(fitted).toBe(`Debian GNU/Li${ELLIPSIS}`);
    expect(textWidth(fitted, 14)).toBeLessThanOrEqual(130);
    expect(textWidth(fitted, 14)).toBeGreaterThan(130 - 9);
  });

  it('never splits a character made of two UTF-16 units, and turns control characters into spaces', () => {
    expect(fitText('ab😀😀😀😀', 5 * 9, 14)).toBe(`ab😀😀${ELLIPSIS}`);
    expect(fitText('a\nb\tc', 100, 14)).toBe('a b c');
  });

  it('gives nothing when not even the ellipsis fits', () => {
    expect(fitText('abc', 3, 14)).toBe('');
  });

  it.each(FONT_SIZES)('draws no ink past the fitted width at %i px', async (size) => {
    const x = 10;
    const width = 150;
    const frame = drawn((painter) => painter.text(x, 60, 'W'.repeat(100), { size, maxWidth: width }));
    let rightmost = 0;
    for (let column = 0; column < frame.width; column++) {
      for (let row = 0; row < frame.height; row++) if (isBlack(frame, column, row)) rightmost = Math.max(rightmost, column);
    }
    expect(rightmost).toBeLessThan(x + width);
    expect(rightmost).toBeGreaterThan(x + width - 2 * fontFace(size).glyph(0x57).advance); // and it does use the room
  });
});

describe('wrapping text over lines', () => {
  it('breaks at spaces, each line within the width', () => {
    expect(wrapText('Signature verification failed for bundle', 20 * 9, 14, 3)).toEqual(['Signature', 'verification failed', 'for bundle']);
  });

  it('ends the last line with an ellipsis when the text needs more lines', () => {
    const lines = wrapText('one two three four five six seven', 10 * 9, 14, 2);
    expect(lines).toEqual(['one two', `three fou${ELLIPSIS}`]);
  });

  it('cuts a word longer than a line', () => {
    expect(wrapText('x'.repeat(30), 10 * 9, 14, 2)).toEqual([`${'x'.repeat(9)}${ELLIPSIS}`]);
  });
});
