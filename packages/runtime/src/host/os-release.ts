import { readFile } from 'node:fs/promises';
import { z } from 'zod';

/** The fields of /etc/os-release the daemons show (os-release(5)). */
export const OsRelease = z.object({
  NAME: z.string().default('Linux'),
  PRETTY_NAME: z.string().optional(),
  VERSION: z.string().optional(),
  VERSION_ID: z.string().optional(),
  ID: z.string().optional(),
});
export type OsRelease = z.infer<typeof OsRelease> & { PRETTY_NAME: string };

/** Parses os-release(5): `KEY=value` lines, values optionally quoted with shell-style escapes. */
export function parseOsRelease(text: string): OsRelease {
  const values: Record<string, string> = {};
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#')) continue;
    const match = /^([A-Z0-9_]+)=(.*)$/.exec(line);
    if (!match) continue;
    const [, key = '', value = ''] = match;
    values[key] = unquote(value);
  }
  const parsed = OsRelease.parse(values);
  return { ...parsed, PRETTY_NAME: parsed.PRETTY_NAME ?? parsed.NAME };
}

function unquote(value: string): string {
  const quoted = /^(["'])(.*)\1$/.exec(value);
  if (!quoted) return value;
  return quoted[1] === '"' ? (quoted[2] ?? '').replace(/\\(["\\$`])/g, '$1') : (quoted[2] ?? '');
}

/** The version to show: VERSION_ID, else VERSION, else the pretty name. */
export function osVersionOf(release: OsRelease): string {
  return release.VERSION_ID ?? release.VERSION ?? release.PRETTY_NAME;
}

/** Where os-release(5) is looked for: the configured file only, else the two places the spec names. */
export function osReleaseFiles(configured: string | undefined): string[] {
  return configured === undefined ? ['/etc/os-release', '/usr/lib/os-release'] : [configured];
}

/** The first of `files` that exists (default: /etc/os-release, then /usr/lib/os-release); unknown when none does. */
export async function readOsRelease(files = osReleaseFiles(undefined)): Promise<OsRelease> {
  for (const file of files) {
    try {
      return parseOsRelease(await readFile(file, 'utf8'));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    }
  }
  return { NAME: 'Linux', PRETTY_NAME: 'unknown OS' };
}
