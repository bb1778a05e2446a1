import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { encodeMonoPng, type MonoImage } from '@mapio/epd-waveshare';
import sharp from 'sharp';

const execFileAsync = promisify(execFile);

/**
 * What Debian's tesseract reads in a frame, upscaled 4x nearest-neighbour (the panel's pixels as
 * blocks, nothing smoothed), and in its negative: tesseract reads dark text on light, so the white
 * titles on their black bars come back from the negative. The screen is not prose: the
 * dictionaries are off, so a word is read from its letters only.
 */
export async function ocr(frame: MonoImage): Promise<string> {
  return `${await readFrame(frame, false)}\n${await readFrame(frame, true)}`;
}

async function readFrame(frame: MonoImage, negative: boolean): Promise<string> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'mapio-ocr-'));
  try {
    const file = path.join(dir, 'frame.png');
    const image = sharp(encodeMonoPng(frame));
    const scaled = await (negative ? image.negate({ alpha: false }) : image)
      .resize(frame.width * 4, frame.height * 4, { kernel: 'nearest' })
      .extend({ top: 16, bottom: 16, left: 16, right: 16, background: negative ? '#000' : '#fff' })
      .png()
      .toBuffer();
    writeFileSync(file, scaled);
    const { stdout } = await execFileAsync('tesseract', [file, 'stdout', '--psm', '12', '-c', 'load_system_dawg=0', '-c', 'load_freq_dawg=0'], { timeout: 60_000 });
    return stdout;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** The words of an OCR answer, in reading order. */
export function ocrWords(output: string): string[] {
  return output.split(/\s+/).filter((word) => word !== '');
}
