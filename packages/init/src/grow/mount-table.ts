import { readFile } from 'node:fs/promises';

/** One line of /proc/self/mountinfo (proc(5)): what is mounted where, from which device number. */
export interface Mount {
  id: number;
  /** `major:minor` of the filesystem's device (0:N for tmpfs, overlay, ...). */
  deviceNumber: string;
  mountPoint: string;
  fsType: string;
  source: string;
  readOnly: boolean;
}

// mountinfo escapes space, tab, newline and backslash as octal.
const unescape = (field: string) => field.replace(/\\([0-7]{3})/g, (_, octal: string) => String.fromCharCode(parseInt(octal, 8)));

export function parseMountInfo(text: string): Mount[] {
  const mounts: Mount[] = [];
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    const [left = '', right = ''] = line.split(' - ');
    const fields = left.split(' ');
    const [fsType = '', source = ''] = right.split(' ');
    const [id, , deviceNumber = '', , mountPoint = '', options = ''] = fields;
    mounts.push({
      id: Number(id),
      deviceNumber,
      mountPoint: unescape(mountPoint),
      fsType,
      source: unescape(source),
      readOnly: options.split(',').includes('ro'),
    });
  }
  return mounts;
}

export async function readMounts(file = '/proc/self/mountinfo'): Promise<Mount[]> {
  return parseMountInfo(await readFile(file, 'utf8'));
}

/** The mount a path lives on: the one with the longest mount point containing it (the last one mounted wins). */
export function mountContaining(mounts: readonly Mount[], dir: string): Mount | undefined {
  let best: Mount | undefined;
  for (const mount of mounts) {
    const prefix = mount.mountPoint === '/' ? '/' : `${mount.mountPoint}/`;
    if (dir !== mount.mountPoint && !dir.startsWith(prefix)) continue;
    if (!best || mount.mountPoint.length >= best.mountPoint.length) best = mount;
  }
  return best;
}
