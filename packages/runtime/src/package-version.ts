import { readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

/** The `version` of the package.json next to a daemon's `dist/` (i.e. `<dir>/../package.json`). */
export function packageVersion(distDir: string): string {
  const file = path.join(distDir, '..', 'package.json');
  return z.object({ version: z.string() }).parse(JSON.parse(readFileSync(file, 'utf8'))).version;
}
