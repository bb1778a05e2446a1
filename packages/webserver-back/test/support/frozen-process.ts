import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';

/** The pid of the one process whose command line holds `argument` (e.g. a service's private directory). */
export async function pidWithArgument(argument: string): Promise<number> {
  const pids: number[] = [];
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const cmdline = await readFile(path.join('/proc', entry, 'cmdline'), 'utf8').catch(() => '');
    if (cmdline.split('\0').some((part) => part.includes(argument))) pids.push(Number(entry));
  }
  if (pids.length !== 1) throw new Error(`expected one process with ${argument} in its command line, found ${pids.length}`);
  return pids[0] as number;
}

/** Runs `during` with the process stopped (SIGSTOP), and lets it go on (SIGCONT) whatever happens. */
export async function whileFrozen<T>(pid: number, during: () => Promise<T>): Promise<T> {
  process.kill(pid, 'SIGSTOP');
  try {
    return await during();
  } finally {
    process.kill(pid, 'SIGCONT');
  }
}
