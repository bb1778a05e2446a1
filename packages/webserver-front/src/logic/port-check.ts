import type { PortMap, PortOwner } from '@mapio/webserver-api';

export interface RequestedPort {
  host: number | null;
  protocol: 'tcp' | 'udp';
}

/** Who holds a port, in words an owner understands. */
export function describeOwner(owner: PortOwner): string {
  if (owner.kind === 'host') return 'a program of the MAPIO system';
  if (owner.kind === 'declared') return `service ${owner.service} (when it runs)`;
  const name = owner.service ?? owner.container;
  return owner.via === 'host-network' ? `${name} (host network)` : name;
}

/**
 * For each requested host port, why it cannot be used (null = free as far as we know): taken on the
 * box, or asked twice in the same form. The server checks again when the form is sent.
 */
export function portProblems(requested: readonly RequestedPort[], map: PortMap | null, serviceName: string): Array<string | null> {
  return requested.map((port, index) => {
    if (port.host === null) return null;
    if (!Number.isInteger(port.host) || port.host < 1 || port.host > 65535) return 'a port is a whole number from 1 to 65535';
    const twice = requested.findIndex((other) => other.host === port.host && other.protocol === port.protocol);
    if (twice !== index) return `port ${port.host}/${port.protocol} is already in this form`;
    const holders = (map?.ports ?? []).filter(
      (use) => use.port === port.host && use.protocol === port.protocol && !(use.owner.kind === 'declared' && use.owner.service === serviceName),
    );
    if (holders.length === 0) return null;
    return `port ${port.host}/${port.protocol} is used by ${[...new Set(holders.map((use) => describeOwner(use.owner)))].join(', ')}`;
  });
}
