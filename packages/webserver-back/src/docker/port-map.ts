import type { PortConflict, PortOwner, PortUse } from '@mapio/webserver-api';
import type { ComposeService } from './compose-file';
import type { ContainerRecord } from './container-record';
import type { ListeningSocket } from './proc-net';

export type { PortConflict, PortOwner, PortUse } from '@mapio/webserver-api';

export interface PortMapInput {
  containers: readonly ContainerRecord[];
  /** Listening sockets of the host's network namespace. */
  sockets: readonly ListeningSocket[];
  /** Socket inodes held by each host-network container (by container id). */
  hostNetworkInodes: ReadonlyMap<string, ReadonlySet<number>>;
  services: ReadonlyMap<string, ComposeService>;
  project: string;
}

const ownerKey = (owner: PortOwner): string =>
  owner.kind === 'container' ? `service:${owner.service ?? owner.container}` : owner.kind === 'declared' ? `service:${owner.service}` : 'host';

/**
 * Which host ports are taken and by whom (pure): ports published by containers, ports that
 * host-network containers listen on, other listening sockets of the host, and ports the compose files
 * declare for services that do not hold them now. Two different owners of one port are a conflict.
 */
export function buildPortMap(input: PortMapInput): { ports: PortUse[]; conflicts: PortConflict[] } {
  const ports: PortUse[] = [];
  const serviceOf = (c: ContainerRecord) => (c.composeProject === input.project ? c.composeService : null);
  for (const container of input.containers) {
    if (container.state !== 'running') continue;
    for (const published of container.publishedPorts) {
      ports.push({
        port: published.hostPort,
        protocol: published.protocol,
        address: published.hostIp,
        owner: { kind: 'container', container: container.name, service: serviceOf(container), via: 'published' },
      });
    }
  }
  const claimedInodes = new Set<number>();
  for (const container of input.containers) {
    const inodes = input.hostNetworkInodes.get(container.id);
    if (!inodes) continue;
    for (const socket of input.sockets) {
      if (!inodes.has(socket.inode)) continue;
      claimedInodes.add(socket.inode);
      ports.push({
        port: socket.port,
        protocol: socket.protocol,
        address: socket.address,
        owner: { kind: 'container', container: container.name, service: serviceOf(container), via: 'host-network' },
      });
    }
  }
  const taken = new Set(ports.map((p) => `${p.protocol}/${p.port}`));
  const hostSeen = new Set<string>();
  for (const socket of input.sockets) {
    const key = `${socket.protocol}/${socket.port}`;
    // docker-proxy listens for published ports: that socket is the container's, already listed.
    if (claimedInodes.has(socket.inode) || taken.has(key) || hostSeen.has(key)) continue;
    hostSeen.add(key);
    ports.push({ port: socket.port, protocol: socket.protocol, address: socket.address, owner: { kind: 'host' } });
  }
  const holders = new Map<string, Set<string>>();
  for (const use of ports) {
    const key = `${use.protocol}/${use.port}`;
    holders.set(key, (holders.get(key) ?? new Set()).add(ownerKey(use.owner)));
  }
  for (const service of input.services.values()) {
    for (const declared of service.ports) {
      const key = `${declared.protocol}/${declared.hostPort}`;
      if (holders.get(key)?.has(`service:${service.name}`)) continue;
      ports.push({ port: declared.hostPort, protocol: declared.protocol, address: '', owner: { kind: 'declared', service: service.name } });
    }
  }
  const groups = new Map<string, PortUse[]>();
  for (const use of ports) {
    const key = `${use.protocol}/${use.port}`;
    groups.set(key, [...(groups.get(key) ?? []), use]);
  }
  const conflicts: PortConflict[] = [];
  for (const uses of groups.values()) {
    const distinct = new Map(uses.map((use) => [ownerKey(use.owner), use.owner]));
    if (distinct.size > 1) conflicts.push({ port: uses[0]!.port, protocol: uses[0]!.protocol, owners: [...distinct.values()] });
  }
  ports.sort((a, b) => a.port - b.port || a.protocol.localeCompare(b.protocol));
  conflicts.sort((a, b) => a.port - b.port);
  return { ports, conflicts };
}

/** The uses of `port`/`protocol` by anyone but `service` (what blocks a new service from taking it). */
export function usesByOthers(ports: readonly PortUse[], port: number, protocol: string, service: string): PortUse[] {
  return ports.filter((use) => use.port === port && use.protocol === protocol && ownerKey(use.owner) !== `service:${service}`);
}
