import { existsSync, mkdtempSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beginRun } from './spawned-processes';

/**
 * Tests that spawn daemons run their built dist/main.js: say so clearly when the build is missing.
 * Then opens the run directory where testkit records what it spawns (see jest-global-teardown).
 */
export default function globalSetup(): void {
  const root = path.resolve(__dirname, '../../..');
  const missing = ['runtime', 'init', 'display', 'gpio-ha', 'webserver-back']
    .map((pkg) => path.join(root, 'packages', pkg, 'dist'))
    .filter((dir) => !existsSync(dir));
  if (missing.length > 0) {
    throw new Error(`build output missing (${missing.join(', ')}): run scripts/test, or pnpm build first`);
  }
  beginRun(mkdtempSync(path.join(os.tmpdir(), 'mapio-jest-run-')));
}
