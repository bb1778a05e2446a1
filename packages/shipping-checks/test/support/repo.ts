import { readFileSync } from 'node:fs';
import path from 'node:path';
import { repoRoot } from '@mapio/testkit';

export const unitsDir = path.join(repoRoot, 'systemd-units');
export const layerDir = path.join(repoRoot, 'meta-mapio');
export const composeDir = path.join(repoRoot, 'compose');

/** The units' node flags, read from the one file that holds them (systemd-units/mapio-node.env). */
export function nodeFlags(): string[] {
  const line = readFileSync(path.join(unitsDir, 'mapio-node.env'), 'utf8')
    .split('\n')
    .find((text) => text.startsWith('MAPIO_NODE_FLAGS='));
  if (!line) throw new Error('systemd-units/mapio-node.env has no MAPIO_NODE_FLAGS line');
  return line.slice('MAPIO_NODE_FLAGS='.length).split(/\s+/).filter(Boolean);
}
