import { execFile } from 'node:child_process';
import { mkdtemp, rm, truncate, writeFile, mkdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

let probed: Promise<boolean> | undefined;

/**
 * Whether this machine lets us grow a *mounted* ext4 (the kernel's online-resize ioctl needs
 * CAP_SYS_RESOURCE, which some sandboxes drop): a real 8 MiB filesystem on a 16 MiB loop device,
 * mounted, then resize2fs. Asked once per test file.
 */
export function onlineResizeAllowed(): Promise<boolean> {
  probed ??= probe();
  return probed;
}

async function probe(): Promise<boolean> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'mapio-resize-probe-'));
  const image = path.join(dir, 'fs.img');
  const mountPoint = path.join(dir, 'mnt');
  let device: string | undefined;
  let mounted = false;
  try {
    await writeFile(image, '');
    await truncate(image, 16 * 1024 * 1024);
    await run('mkfs.ext4', ['-q', '-F', image, '8M']);
    device = (await run('losetup', ['--find', '--show', image])).stdout.trim();
    await mkdir(mountPoint);
    await run('mount', [device, mountPoint]);
    mounted = true;
    try {
      await run('resize2fs', [device]);
      return true;
    } catch (error) {
      if (String((error as { stderr?: string }).stderr).includes('Permission denied to resize filesystem')) return false;
      throw error;
    }
  } finally {
    if (mounted) await run('umount', [mountPoint]).catch(() => run('umount', ['--lazy', mountPoint]));
    if (device) await run('losetup', ['--detach', device]).catch(() => undefined);
    await rm(dir, { recursive: true, force: true });
  }
}
