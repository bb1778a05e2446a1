import { execFile, execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { describeWithServices, repoRoot } from '@mapio/testkit';

const execFileAsync = promisify(execFile);

/** Every tracked file that is a shell script: a `.sh` name or a sh/bash shebang. */
function shellScripts(): string[] {
  const tracked = execFileSync('git', ['ls-files', '-z'], { cwd: repoRoot, encoding: 'utf8' }).split('\0').filter(Boolean);
  return tracked.filter((file) => {
    if (file.endsWith('.sh')) return true;
    try {
      const firstLine = readFileSync(path.join(repoRoot, file), 'utf8').slice(0, 100).split('\n')[0] ?? '';
      return /^#!.*\b(ba|da)?sh\b/.test(firstLine);
    } catch {
      return false; // a tracked file deleted in the work tree
    }
  });
}

describeWithServices(['shellcheck', 'git'], 'shell scripts (shellcheck)', () => {
  const scripts = shellScripts();

  it('finds the scripts (setup, test, release, the broker credentials, ...)', () => {
    expect(scripts).toEqual(expect.arrayContaining(['scripts/setup', 'scripts/test', 'scripts/release', '.ci/run', 'meta-mapio/recipes-connectivity/mosquitto/files/mapio-mqtt-credentials']));
  });

  it.each(shellScripts())('%s passes shellcheck', async (script) => {
    // -x follows `source`d files; findings are printed in gcc format so the failure names the line.
    const result = await execFileAsync('shellcheck', ['-x', '--format=gcc', script], { cwd: repoRoot, timeout: 60_000 }).then(
      () => '',
      (error: { stdout?: string }) => error.stdout ?? String(error),
    );
    expect(result).toBe('');
  });
});
