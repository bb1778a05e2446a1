import { execFile } from 'node:child_process';
import { chmodSync, copyFileSync, cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { describeWithServices } from '@mapio/testkit';
import { unitsDir } from './support/repo';

const execFileAsync = promisify(execFile);

/** Exposure ceilings of `systemd-analyze security` (issue 12); the README lists the scores. */
const THRESHOLDS: Record<string, number> = {
  'mapio-display.service': 4.0,
  'mapio-gpio-ha.service': 4.0,
  'mapio-webserver-back.service': 6.0,
  // init's units have no ceiling in the issue; these keep them where they are.
  'mapio-init.service': 6.0,
  'mapio-init-health.service': 6.0,
};

const units = readdirSync(unitsDir).filter((file) => /\.(service|mount|automount)$/.test(file));

/** systemd-analyze prints its findings on stderr and may exit 0 with warnings: both count. */
async function analyze(args: string[]): Promise<{ code: number; output: string }> {
  try {
    const { stdout, stderr } = await execFileAsync('systemd-analyze', args, { timeout: 60_000 });
    return { code: 0, output: `${stdout}${stderr}` };
  } catch (error) {
    const failed = error as { code?: number; stdout?: string; stderr?: string };
    return { code: typeof failed.code === 'number' ? failed.code : 1, output: `${failed.stdout ?? ''}${failed.stderr ?? ''}` };
  }
}

/**
 * A root as the image lays it out, with stubs where the units' ExecStart and EnvironmentFile point:
 * verify then checks our units against the host's systemd units (targets, docker.service is absent
 * and only ordered against, which verify accepts).
 */
function deviceRoot(unitFiles: Array<[string, string]>): string {
  const root = mkdtempSync(path.join(os.tmpdir(), 'mapio-units-root-'));
  mkdirSync(path.join(root, 'usr', 'bin'), { recursive: true });
  writeFileSync(path.join(root, 'usr', 'bin', 'node'), '#!/bin/sh\nexit 0\n');
  chmodSync(path.join(root, 'usr', 'bin', 'node'), 0o755);
  for (const daemon of ['init', 'display', 'gpio-ha', 'webserver-back']) {
    mkdirSync(path.join(root, 'usr', 'lib', 'mapio', daemon), { recursive: true });
    writeFileSync(path.join(root, 'usr', 'lib', 'mapio', daemon, 'main.js'), '');
  }
  mkdirSync(path.join(root, 'etc', 'mapio'), { recursive: true });
  copyFileSync(path.join(unitsDir, 'mapio-node.env'), path.join(root, 'etc', 'mapio', 'node.env'));
  cpSync('/usr/lib/systemd/system', path.join(root, 'usr', 'lib', 'systemd', 'system'), { recursive: true, dereference: false, verbatimSymlinks: true });
  const system = path.join(root, 'etc', 'systemd', 'system');
  mkdirSync(system, { recursive: true });
  for (const [name, text] of unitFiles) writeFileSync(path.join(system, name), text);
  return root;
}

const verify = async (unitFiles: Array<[string, string]>) => {
  const root = deviceRoot(unitFiles);
  try {
    return await analyze(['verify', `--root=${root}`, '--man=no', ...unitFiles.map(([name]) => path.join(root, 'etc', 'systemd', 'system', name))]);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
};

describeWithServices(['systemd-analyze'], 'systemd units (systemd-analyze, offline)', () => {
  jest.setTimeout(120_000);

  it('has the units the issue lists', () => {
    expect(units.sort()).toEqual(
      [
        'mapio-display.service',
        'mapio-gpio-ha.service',
        'mapio-init-health.service',
        'mapio-init.service',
        'mapio-webserver-back.service',
        'usr-local-nvme.automount',
        'usr-local-nvme.mount',
      ].sort(),
    );
  });

  it('verify finds nothing to say about any unit (stub binaries at the ExecStart paths)', async () => {
    const result = await verify(units.map((name) => [name, readFileSync(path.join(unitsDir, name), 'utf8')]));
    expect(result.output).toBe('');
    expect(result.code).toBe(0);
  });

  it('verify speaks up for a unit with a mistake (so the check above can fail)', async () => {
    const text = readFileSync(path.join(unitsDir, 'mapio-display.service'), 'utf8').replace('ProtectHome=yes', 'ProtectHomes=yes');
    const result = await verify([['mapio-display.service', text]]);
    expect(result.output).toContain('ProtectHomes');
  });

  it.each(Object.entries(THRESHOLDS))('%s scores at most %s in systemd-analyze security', async (unit, ceiling) => {
    const result = await analyze(['security', '--offline=true', '--no-pager', `--threshold=${Math.round(ceiling * 10)}`, path.join(unitsDir, unit)]);
    const score = Number(/Overall exposure level for \S+: ([\d.]+)/.exec(result.output)?.[1]);
    expect(score).toBeLessThanOrEqual(ceiling);
    expect(result.code).toBe(0);
  });

  it('every daemon runs the release bundle with the one shared set of node flags', () => {
    for (const unit of units.filter((name) => name.startsWith('mapio-'))) {
      const text = readFileSync(path.join(unitsDir, unit), 'utf8');
      expect(text).toContain('EnvironmentFile=/etc/mapio/node.env');
      expect(text).toMatch(/^ExecStart=\/usr\/bin\/node \$MAPIO_NODE_FLAGS \/usr\/lib\/mapio\/[a-z-]+\/main\.js/m);
      expect(text).not.toMatch(/MemoryDenyWriteExecute=yes/); // V8 needs W+X pages
    }
  });
});
