import { execFile } from 'node:child_process';
import { access } from 'node:fs/promises';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);

/** Every view is drawn in this face; it is monospace, so text width is characters x advance. */
export const FONT_FAMILY = 'Liberation Mono';
export const FONT_PATTERN = `${FONT_FAMILY}:bold`;
/** Advance width of Liberation Mono (metric-compatible with Courier New): 1229/2048 em. */
export const FONT_ADVANCE_EM = 1229 / 2048;

export interface ResolvedFont {
  family: string;
  style: string;
  file: string;
}

export class FontMissingError extends Error {}

/** Parses `fc-match -f '%{family}\n%{style}\n%{file}'` output. */
export function parseFcMatch(output: string): ResolvedFont {
  const [family = '', style = '', file = ''] = output.split('\n');
  return { family, style, file };
}

/**
 * Makes sure fontconfig resolves the display font to the font itself. fontconfig silently
 * substitutes another face for a missing one, which would change every frame (and break the golden
 * images); refusing to start says what to install instead.
 */
export async function checkDisplayFont(pattern = FONT_PATTERN): Promise<ResolvedFont> {
  let output: string;
  try {
    ({ stdout: output } = await execFileAsync('fc-match', ['-f', '%{family}\n%{style}\n%{file}', pattern], { timeout: 5000 }));
  } catch (error) {
    throw new FontMissingError(`cannot ask fontconfig for "${pattern}" (fc-match: ${(error as Error).message}); install fontconfig`);
  }
  const font = parseFcMatch(output);
  const [wantedFamily = '', wantedStyle = 'Regular'] = pattern.split(':');
  const families = font.family.split(',').map((name) => name.trim().toLowerCase());
  const styles = font.style.split(',').map((name) => name.trim().toLowerCase());
  if (!families.includes(wantedFamily.toLowerCase()) || !styles.includes(wantedStyle.toLowerCase())) {
    throw new FontMissingError(
      `font "${pattern}" is not installed (fontconfig would draw ${font.family} ${font.style} from ${font.file} instead); ` +
        'install the Liberation fonts (Debian: fonts-liberation)',
    );
  }
  try {
    await access(font.file);
  } catch {
    throw new FontMissingError(`font "${pattern}" resolves to ${font.file}, which cannot be read`);
  }
  return font;
}
