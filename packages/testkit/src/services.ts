import { accessSync, constants } from 'node:fs';
import path from 'node:path';

/**
 * Suites that need a real service (mosquitto, dockerd, ...) declare it. Outside CI a missing service
 * skips the suite with a note; with CI=true it fails the run, so CI can never pass by skipping.
 */
export function describeWithServices(services: readonly string[], name: string, fn: () => void): void {
  const missing = services.filter((service) => !hasExecutable(service));
  if (missing.length === 0) {
    describe(name, fn);
    return;
  }
  if (process.env.CI === 'true') {
    describe(name, () => {
      it(`needs ${missing.join(', ')} (CI=true: a skipped suite fails the run)`, () => {
        throw new Error(`required service(s) not installed: ${missing.join(', ')}`);
      });
    });
    return;
  }
  // eslint-disable-next-line no-console
  console.warn(`SKIPPED "${name}": ${missing.join(', ')} not installed (scripts/test installs them when run as root)`);
  describe.skip(name, fn);
}

/** Full path of an executable found on PATH (plus the sbin directories), or null. */
export function findExecutable(name: string): string | null {
  for (const dir of (withSbinPath().PATH ?? '').split(':').filter(Boolean)) {
    const candidate = path.join(dir, name);
    try {
      accessSync(candidate, constants.X_OK);
      return candidate;
    } catch {
      // not in this directory
    }
  }
  return null;
}

export function hasExecutable(name: string): boolean {
  return findExecutable(name) !== null;
}

/** Debian puts mosquitto and dockerd in /usr/sbin, which a non-login PATH may lack. */
export function withSbinPath(env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const current = env.PATH ?? '';
  const extra = ['/usr/local/sbin', '/usr/sbin', '/sbin'].filter((dir) => !current.split(':').includes(dir));
  return { ...env, PATH: [current, ...extra].filter(Boolean).join(':') };
}
