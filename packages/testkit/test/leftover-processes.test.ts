import { execFileSync } from 'node:child_process';
import { mkdtempSync, readdirSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { eventually } from '../src/log-capture';
import { killLeftovers, RUN_DIR_ENV } from '../src/spawned-processes';

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

/**
 * A suite that dies without stopping what it spawned, played by a node process that spawns through
 * testkit and exits: what it started must be found, killed with its children, and reported.
 */
describe('processes testkit spawned and nobody stopped', () => {
  const runDir = () => mkdtempSync(path.join(os.tmpdir(), 'mapio-leftovers-'));
  const leakyRun = (dir: string, script: string): number[] =>
    execFileSync(process.execPath, ['-e', script], {
      env: { ...process.env, [RUN_DIR_ENV]: dir, TESTKIT: path.join(__dirname, '..', 'dist', 'index.js') },
      encoding: 'utf8',
    })
      .trim()
      .split(' ')
      .map(Number);

  it('are killed, children included, and reported with their command line', async () => {
    const dir = runDir();
    // A shell that starts a child of its own, left running in its own session.
    const [shell = 0] = leakyRun(
      dir,
      `const c = require(process.env.TESTKIT).spawnTracked('sh', ['-c', 'sleep 600 & wait'], { stdio: 'ignore', detached: true }); c.unref(); console.log(c.pid);`,
    );
    await eventually(() => execFileSync('ps', ['-o', 'pid=', '--ppid', String(shell)], { encoding: 'utf8' }).trim() !== '', 20_000, 'the grandchild');
    const grandchild = Number(execFileSync('ps', ['-o', 'pid=', '--ppid', String(shell)], { encoding: 'utf8' }).trim());

    const leftovers = killLeftovers(dir);
    expect(leftovers).toEqual([expect.objectContaining({ pid: shell, command: 'sh -c sleep 600 & wait' })]);
    await eventually(() => !alive(shell) && !alive(grandchild), 20_000, 'both killed');
    expect(readdirSync(path.join(dir, 'spawned'))).toEqual([]);
  });

  it('are not reported once they exited by themselves', () => {
    const dir = runDir();
    leakyRun(dir, `const c = require(process.env.TESTKIT).spawnTracked('true', [], { stdio: 'ignore' }); c.on('exit', () => console.log(c.pid));`);
    expect(readdirSync(path.join(dir, 'spawned'))).toEqual([]);
    expect(killLeftovers(dir)).toEqual([]);
  });
});
