import { readFile } from 'node:fs/promises';
import { errorMessage } from '@mapio/runtime';
import { DomainError } from '../domain-error';

/**
 * The `compatible` of RAUC's system.conf (`[system]` section): a bundle for another board is
 * refused before RAUC sees it. Read at each verification, so a changed file needs no restart.
 */
export async function systemCompatible(confPath: string): Promise<string> {
  let text: string;
  try {
    text = await readFile(confPath, 'utf8');
  } catch (error) {
    throw new DomainError('unavailable', `cannot read RAUC's system.conf ${confPath}: ${errorMessage(error)}`, { dependency: 'rauc' });
  }
  let section = '';
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    const header = /^\[(.+)\]$/.exec(line);
    if (header) {
      section = header[1] ?? '';
      continue;
    }
    const entry = /^compatible\s*=\s*(.*)$/.exec(line);
    if (section === 'system' && entry?.[1]) return entry[1].trim();
  }
  throw new DomainError('unavailable', `${confPath} has no [system] compatible=`, { dependency: 'rauc' });
}
