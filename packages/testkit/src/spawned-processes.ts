import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { z } from 'zod';

/**
 * Every process testkit starts (mosquitto, dockerd, registries, socat, daemons under test, ...) is
 * recorded by pid in the jest run's directory while it lives. A suite's own afterAll stops them; the
 * global teardown kills whatever is still recorded and fails the run, so a test that failed or timed
 * out can neither leave a daemon behind nor hide that it did.
 */
export const RUN_DIR_ENV = 'MAPIO_TESTKIT_RUN_DIR';

const SpawnedRecord = z.object({
  pid: z.number().int().positive(),
  /** Start time in clock ticks since boot (/proc/<pid>/stat): tells our process from a reused pid. */
  startTicks: z.number().int().nonnegative(),
  command: z.string(),
  testPath: z.string().nullable(),
});
export type SpawnedRecord = z.infer<typeof SpawnedRecord>;

const recordsDir = (runDir: string) => path.join(runDir, 'spawned');

/** spawn(), recorded in the run directory until the process exits (outside jest: plain spawn). */
export function spawnTracked(command: string, args: readonly string[], options: SpawnOptions): ChildProcess {
  const child = spawn(command, args, options);
  const runDir = process.env[RUN_DIR_ENV];
  const pid = child.pid;
  if (!runDir || pid === undefined) return child;
  const file = path.join(recordsDir(runDir), `${pid}.json`);
  const startTicks = processStat(pid)?.startTicks;
  if (startTicks === undefined) return child; // already gone
  const record: SpawnedRecord = { pid, startTicks, command: [command, ...args].join(' ').slice(0, 300), testPath: currentTestPath() };
  mkdirSync(recordsDir(runDir), { recursive: true });
  writeFileSync(file, JSON.stringify(record));
  child.once('exit', () => rmSync(file, { force: true }));
  return child;
}

/** Called by the global setup: a fresh run directory, announced to the workers through the environment. */
export function beginRun(runDir: string): void {
  mkdirSync(recordsDir(runDir), { recursive: true });
  process.env[RUN_DIR_ENV] = runDir;
}

/**
 * Called by the global teardown: kills (SIGKILL, with their descendants) the recorded processes
 * that still run, and returns them.
 */
export function killLeftovers(runDir: string): SpawnedRecord[] {
  const leftovers: SpawnedRecord[] = [];
  let files: string[];
  try {
    files = readdirSync(recordsDir(runDir));
  } catch {
    return leftovers;
  }
  for (const name of files) {
    const file = path.join(recordsDir(runDir), name);
    const parsed = SpawnedRecord.safeParse(readJson(file));
    unlinkSync(file);
    if (!parsed.success) continue;
    const record = parsed.data;
    const stat = processStat(record.pid);
    // Exited (its worker died before noting it), or a zombie waiting for its parent: not running.
    if (stat?.startTicks !== record.startTicks || stat.state === 'Z') continue;
    leftovers.push(record);
    for (const pid of [record.pid, ...descendantsOf(record.pid)]) {
      try {
        process.kill(pid, 'SIGKILL');
      } catch {
        // gone meanwhile
      }
    }
  }
  return leftovers;
}

function readJson(file: string): unknown {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return null;
  }
}

function currentTestPath(): string | null {
  const state = (globalThis as { expect?: { getState?: () => { testPath?: string } } }).expect?.getState?.();
  return state?.testPath ?? null;
}

/** State, parent and start time of a process from /proc (fields 3, 4, 22; the name in field 2 may hold spaces). */
function processStat(pid: number): { state: string; ppid: number; startTicks: number } | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { state: fields[0] ?? '', ppid: Number(fields[1]), startTicks: Number(fields[19]) };
  } catch {
    return null;
  }
}

function descendantsOf(root: number): number[] {
  const children = new Map<number, number[]>();
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const stat = processStat(Number(entry));
    if (stat) children.set(stat.ppid, [...(children.get(stat.ppid) ?? []), Number(entry)]);
  }
  const found: number[] = [];
  const queue = [root];
  while (queue.length > 0) {
    for (const child of children.get(queue.shift() ?? 0) ?? []) {
      found.push(child);
      queue.push(child);
    }
  }
  return found;
}
