import { copyFile, mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { PrivateDockerd } from './dockerd';
import { findExecutable } from './services';
import { spawnTracked } from './spawned-processes';

/** The busybox applets the test images link; enough for shells, servers and log producers. */
const APPLETS = ['sh', 'sleep', 'echo', 'cat', 'ls', 'env', 'printf', 'httpd', 'nc', 'true', 'false', 'date', 'seq', 'trap', 'kill'];

export interface BusyboxImageOptions {
  /** Default command of the image (exec form). */
  cmd?: string[];
  /**
   * Written to /etc/mapio-image inside the image: two builds with different markers are different
   * images (different ids and registry digests) under the same tag — how a test makes an "update".
   */
  marker?: string;
}

/**
 * Builds an image with `docker import` from a rootfs holding only the static busybox of Debian's
 * busybox-static (no network registry is needed) and tags it `ref`. Resolves with the image id.
 */
export async function importBusyboxImage(engine: PrivateDockerd, ref: string, options: BusyboxImageOptions = {}): Promise<string> {
  const busybox = findExecutable('busybox');
  if (!busybox) throw new Error('busybox is not installed (apt-get install busybox-static)');
  const root = await mkdtemp(path.join(os.tmpdir(), 'mapio-rootfs-'));
  try {
    await mkdir(path.join(root, 'bin'));
    await mkdir(path.join(root, 'etc'));
    await mkdir(path.join(root, 'tmp'));
    await copyFile(busybox, path.join(root, 'bin', 'busybox'));
    for (const applet of APPLETS) await symlink('busybox', path.join(root, 'bin', applet));
    await writeFile(path.join(root, 'etc', 'mapio-image'), `${options.marker ?? ref}\n`);
    const tar = spawnTracked('tar', ['--sort=name', '--owner=0', '--group=0', '-C', root, '-c', '.'], { stdio: ['ignore', 'pipe', 'pipe'] });
    const cmd = JSON.stringify(options.cmd ?? ['sleep', '3600']);
    const output = await engine.docker(['import', '--change', `CMD ${cmd}`, '--change', 'ENV PATH=/bin', '-', ref], {
      input: tar.stdout ?? undefined,
    });
    return output.trim();
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

/** Builds a busybox image as `<registry>/<name>:<tag>`, pushes it, and resolves with its registry digest. */
export async function pushBusyboxImage(
  engine: PrivateDockerd,
  ref: string,
  options: BusyboxImageOptions = {},
): Promise<{ imageId: string; digest: string }> {
  const imageId = await importBusyboxImage(engine, ref, options);
  const output = await engine.docker(['push', ref]);
  const digest = /digest: (sha256:[a-f0-9]{64})/.exec(output)?.[1];
  if (!digest) throw new Error(`docker push ${ref} printed no digest:\n${output}`);
  return { imageId, digest };
}
