// The node flags and environment the systemd units start every daemon with
// (systemd-units/mapio-node.env, an EnvironmentFile), so benches measure the daemons as they run.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const file = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../systemd-units/mapio-node.env');

/** KEY=value lines of the file (comments and blank lines skipped). */
export function unitEnvironment() {
  return Object.fromEntries(
    readFileSync(file, 'utf8')
      .split('\n')
      .filter((line) => /^[A-Z_][A-Z0-9_]*=/.test(line))
      .map((line) => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]),
  );
}

/** MAPIO_NODE_FLAGS as node arguments. */
export function unitNodeFlags() {
  return (unitEnvironment().MAPIO_NODE_FLAGS ?? '').split(/\s+/).filter(Boolean);
}
