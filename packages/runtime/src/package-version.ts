import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

/**
 * The `version` of a daemon's package.json: beside the code in a release bundle
 * (`/usr/lib/mapio/<daemon>/main.js`), one level up from `dist/` in the workspace.
 */
export function packageVersion(codeDir: string): string {
  const beside = path.join(codeDir, 'package.json');
  const file = existsSync(beside) ? beside : path.join(codeDir, '..', 'package.json');
  return z.object({ version: z.string() }).parse(JSON.parse(readFileSync(file, 'utf8'))).version;
}
