// systemd-units/mapio-node.env read the way systemd reads an EnvironmentFile, so a bench starts the
// daemons with exactly the node flags and environment the units give them.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const NODE_ENV_FILE = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../systemd-units/mapio-node.env');

/** { flags, env }: flags are MAPIO_NODE_FLAGS split on whitespace (the units expand `$MAPIO_NODE_FLAGS` unbraced). */
export function readNodeEnv(file = NODE_ENV_FILE) {
  const env = {};
  for (const raw of readFileSync(file, 'utf8').split('\n')) {
    const line = raw.trim();
    if (line === '' || line.startsWith('#') || line.startsWith(';')) continue;
    const match = /^([A-Za-z_][A-Za-z0-9_]*)=(.*)$/.exec(line);
    if (!match) throw new Error(`${file}: not KEY=VALUE: ${line}`);
    env[match[1]] = match[2].replace(/^(["'])(.*)\1$/, '$2');
  }
  const { MAPIO_NODE_FLAGS = '', ...rest } = env;
  return { flags: MAPIO_NODE_FLAGS.split(/\s+/).filter(Boolean), env: rest };
}
