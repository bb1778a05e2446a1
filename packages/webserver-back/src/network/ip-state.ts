import { z } from 'zod';
import { runCommand } from '../run-command';

/** `ip -j address show`: interfaces with their addresses. */
const IpAddresses = z.array(
  z.object({
    ifname: z.string(),
    addr_info: z.array(z.object({ family: z.string(), local: z.string().optional() })).default([]),
  }),
);

/** `ip -j route show default`. */
const IpDefaultRoutes = z.array(z.object({ dev: z.string().optional(), metric: z.number().optional() }));

export interface IpState {
  interfaces: Array<{ name: string; ipv4: string[] }>;
  defaultInterface: string | null;
}

/** Addresses per interface (loopback left out) and the interface of the default route with the lowest metric. */
export async function readIpState(ip: readonly string[]): Promise<IpState> {
  const [addresses, routes] = await Promise.all([runIp(ip, ['-j', 'address', 'show']), runIp(ip, ['-j', '-4', 'route', 'show', 'default'])]);
  const interfaces = IpAddresses.parse(JSON.parse(addresses || '[]'))
    .filter((link) => link.ifname !== 'lo')
    .map((link) => ({
      name: link.ifname,
      ipv4: link.addr_info.flatMap((info) => (info.family === 'inet' && info.local ? [info.local] : [])),
    }));
  const defaults = IpDefaultRoutes.parse(JSON.parse(routes || '[]'))
    .filter((route) => route.dev !== undefined)
    .sort((a, b) => (a.metric ?? 0) - (b.metric ?? 0));
  return { interfaces, defaultInterface: defaults[0]?.dev ?? null };
}

function runIp(ip: readonly string[], args: string[]): Promise<string> {
  return runCommand(ip, args, { what: `ip ${args.join(' ')}`, timeoutMs: 10_000 });
}
