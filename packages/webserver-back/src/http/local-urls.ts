import os from 'node:os';

/**
 * The IPv4 addresses the web server can be reached at: the bound address, or (bound to 0.0.0.0)
 * every non-loopback interface address, loopback last so there is always one.
 */
export function reachableAddresses(bindHost: string, interfaces = os.networkInterfaces()): string[] {
  if (bindHost !== '0.0.0.0') return [bindHost];
  const external: string[] = [];
  for (const addresses of Object.values(interfaces)) {
    for (const address of addresses ?? []) {
      if (address.family === 'IPv4' && !address.internal) external.push(address.address);
    }
  }
  return [...new Set(external), '127.0.0.1'];
}

export function baseUrls(bindHost: string, port: number): string[] {
  return reachableAddresses(bindHost).map((address) => `http://${address}:${port}/`);
}
