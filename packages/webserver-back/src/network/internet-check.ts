import net from 'node:net';

export interface InternetTarget {
  host: string;
  port: number;
}

/** Whether one TCP connection to `target` opens within `timeoutMs`. */
function connects(target: InternetTarget, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host: target.host, port: target.port });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

/** The Internet is reachable when any of the targets (well-known resolvers by default) accepts a TCP connection. */
export async function internetReachable(targets: readonly InternetTarget[], timeoutMs: number): Promise<boolean> {
  const results = await Promise.all(targets.map((target) => connects(target, timeoutMs)));
  return results.includes(true);
}
