import { runCommand } from '../system-command';

/** The filesystem type on a device as blkid probes it from the disk ('' when none is recognised). */
export async function probeFsType(device: string): Promise<string> {
  // -p: low-level probe of the superblock, no cache (which may predate a mkfs).
  const stdout = await runCommand('blkid', ['--probe', '--output', 'export', device], { okExitCodes: [0, 2] });
  return /^TYPE=(.*)$/m.exec(stdout)?.[1] ?? '';
}

/**
 * Grows an ext4 filesystem to fill its partition. Mounted: online (the kernel's resize ioctl; no
 * unmount, Docker keeps running). Unmounted: resize2fs insists on a fresh e2fsck first.
 */
export async function growExt4(device: string, mounted: boolean): Promise<void> {
  if (!mounted) {
    // 0 = clean, 1 = errors corrected: both leave a filesystem resize2fs accepts.
    await runCommand('e2fsck', ['-f', '-p', device], { okExitCodes: [0, 1] });
  }
  try {
    await runCommand('resize2fs', [device]);
  } catch (error) {
    if (mounted && String((error as Error).message).includes('Permission denied to resize filesystem')) {
      throw new Error(
        `online resize of ${device} refused by the kernel: resizing a mounted ext4 needs CAP_SYS_RESOURCE, which this process lacks (run as root outside a restricted container)`,
        { cause: error },
      );
    }
    throw error;
  }
}
