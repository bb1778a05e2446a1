import { readdir, readFile, readlink } from 'node:fs/promises';

export interface ListeningSocket {
  protocol: 'tcp' | 'udp';
  address: string;
  port: number;
  inode: number;
}

const TCP_LISTEN = '0A';
const UDP_UNCONNECTED = '07';

/**
 * Parses /proc/net/{tcp,tcp6,udp,udp6}: the sockets that wait for peers (TCP LISTEN, bound UDP),
 * with their local address, port and inode (to find the process that owns them).
 */
export function parseProcNet(text: string, protocol: 'tcp' | 'udp'): ListeningSocket[] {
  const sockets: ListeningSocket[] = [];
  for (const line of text.split('\n').slice(1)) {
    const fields = line.trim().split(/\s+/);
    if (fields.length < 10) continue;
    const [address = '', portHex = ''] = (fields[1] ?? '').split(':');
    const state = fields[3];
    if (state !== (protocol === 'tcp' ? TCP_LISTEN : UDP_UNCONNECTED)) continue;
    const port = parseInt(portHex, 16);
    if (!Number.isInteger(port) || port === 0) continue;
    sockets.push({ protocol, address: hexAddress(address), port, inode: Number(fields[9]) });
  }
  return sockets;
}

function hexAddress(hex: string): string {
  if (hex.length === 8) {
    const bytes = Buffer.from(hex, 'hex');
    return [bytes[3], bytes[2], bytes[1], bytes[0]].join('.');
  }
  if (/^0+$/.test(hex)) return '::';
  // IPv6 in four little-endian 32-bit words.
  const words = hex.match(/.{8}/g) ?? [];
  const groups = words.flatMap((word) => {
    const b = Buffer.from(word, 'hex');
    return [((b[3] ?? 0) << 8) | (b[2] ?? 0), ((b[1] ?? 0) << 8) | (b[0] ?? 0)];
  });
  return groups.map((g) => g.toString(16)).join(':');
}

/** Every listening socket of this network namespace. */
export async function readListeningSockets(procRoot = '/proc'): Promise<ListeningSocket[]> {
  const files: Array<[string, 'tcp' | 'udp']> = [
    ['net/tcp', 'tcp'],
    ['net/tcp6', 'tcp'],
    ['net/udp', 'udp'],
    ['net/udp6', 'udp'],
  ];
  const lists = await Promise.all(
    files.map(async ([file, protocol]) => parseProcNet(await readFile(`${procRoot}/${file}`, 'utf8').catch(() => ''), protocol)),
  );
  return lists.flat();
}

/** The socket inodes process `pid` holds open (empty when it is gone or not readable). */
export async function socketInodesOf(pid: number, procRoot = '/proc'): Promise<Set<number>> {
  const inodes = new Set<number>();
  const dir = `${procRoot}/${pid}/fd`;
  const fds = await readdir(dir).catch(() => [] as string[]);
  await Promise.all(
    fds.map(async (fd) => {
      const target = await readlink(`${dir}/${fd}`).catch(() => '');
      const match = /^socket:\[(\d+)\]$/.exec(target);
      if (match) inodes.add(Number(match[1]));
    }),
  );
  return inodes;
}
