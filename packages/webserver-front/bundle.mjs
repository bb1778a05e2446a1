// `pnpm build` of the workspace: bundles the web UI with Vite unless dist/ is newer than every input
// (scripts/sim runs the build each start; an unchanged UI costs nothing).
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const here = path.dirname(fileURLToPath(import.meta.url));
const inputs = [path.join(here, 'src'), path.join(here, 'index.html'), path.join(here, 'vite.config.mts'), path.join(here, '../webserver-api/src')];
const output = path.join(here, 'dist', 'index.html');

const newest = (entry) => {
  const stat = statSync(entry);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(stat.mtimeMs, ...readdirSync(entry).map((name) => newest(path.join(entry, name))));
};

if (!process.argv.includes('--force') && existsSync(output) && statSync(output).mtimeMs >= Math.max(...inputs.map(newest))) {
  process.exit(0);
}
execFileSync(process.execPath, [path.join(here, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'warn'], { cwd: here, stdio: 'inherit' });
