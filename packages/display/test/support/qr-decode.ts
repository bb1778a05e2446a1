import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { encodeMonoPng, type MonoImage } from '@mapio/epd-waveshare';

const execFileAsync = promisify(execFile);

/**
 * Every QR code `zbarimg` (Debian's zbar-tools) finds in a frame at the panel's own resolution, one
 * pixel per panel pixel, sorted. None found is an empty list (zbarimg then exits 4).
 */
export async function scanQrCodes(frame: MonoImage): Promise<string[]> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'mapio-zbar-'));
  try {
    const file = path.join(dir, 'frame.png');
    writeFileSync(file, encodeMonoPng(frame));
    try {
      const { stdout } = await execFileAsync('zbarimg', ['--quiet', '--raw', '-Sdisable', '-Sqrcode.enable', file], { timeout: 60_000 });
      return stdout.split('\n').filter((line) => line !== '').sort();
    } catch (error) {
      if ((error as { code?: unknown }).code === 4) return [];
      throw error;
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
