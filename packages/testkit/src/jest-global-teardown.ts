import { rmSync } from 'node:fs';
import { killLeftovers, RUN_DIR_ENV } from './spawned-processes';

/**
 * The safety net and the detector: every process testkit spawned that still runs once all suites
 * are done is killed, and the run fails naming it and the suite that started it.
 */
export default function globalTeardown(): void {
  const runDir = process.env[RUN_DIR_ENV];
  if (!runDir) return;
  const leftovers = killLeftovers(runDir);
  rmSync(runDir, { recursive: true, force: true });
  if (leftovers.length === 0) return;
  const lines = leftovers.map((p) => `  pid ${p.pid} (${p.command}) started by ${p.testPath ?? 'an unknown suite'}`);
  throw new Error(`processes left running after the tests (killed now):\n${lines.join('\n')}`);
}
