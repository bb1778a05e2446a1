import { DomainError } from '../domain-error';
import type { ChangeSignal } from './change-signal';
import type { ComposeService } from './compose-file';
import type { ComposeProject } from './compose-project';
import type { ContainerRecord } from './container-record';
import type { DockerEngine } from './docker-engine';
import type { EngineApi } from './engine-api';
import { buildPortMap, type PortConflict, type PortUse } from './port-map';
import { readListeningSockets, socketInodesOf } from './proc-net';
import { joinServices, type ServiceView } from './service-view';

/**
 * Reads: the services as the owner sees them, one service, and the host's ports. What it shows can
 * change when `changes` fires (the Engine's containers or the owner's compose file changed).
 */
export class ServiceCatalog {
  constructor(
    readonly engine: DockerEngine,
    private readonly api: EngineApi,
    readonly project: ComposeProject,
    readonly changes: ChangeSignal,
  ) {}

  async list(): Promise<ServiceView[]> {
    return joinServices(await this.project.services(), this.engine.list(), this.project.files.project, Date.now());
  }

  /** The service (or unmanaged container) called `name`; 404 when there is none. */
  async get(name: string): Promise<ServiceView> {
    const view = (await this.list()).find((service) => service.name === name);
    if (!view) throw new DomainError('not_found', `service ${name} does not exist (see GET /api/v1/services)`);
    return view;
  }

  /** The compose service `name`, or a 404 (for operations that need the compose file). */
  async composeService(name: string): Promise<ComposeService> {
    const service = await this.project.service(name);
    if (!service) throw new DomainError('not_found', `compose service ${name} does not exist in the compose files`);
    return service;
  }

  containerOf(view: ServiceView): ContainerRecord | undefined {
    return view.container ? this.engine.list().find((c) => c.id === view.container?.id) : undefined;
  }

  async ports(): Promise<{ ports: PortUse[]; conflicts: PortConflict[] }> {
    const containers = this.engine.list();
    const hostNetworkInodes = new Map<string, Set<number>>();
    await Promise.all(
      containers
        .filter((c) => c.state === 'running' && c.networkMode === 'host')
        .map(async (c) => hostNetworkInodes.set(c.id, await this.socketInodes(c))),
    );
    const [sockets, services] = await Promise.all([readListeningSockets(), this.project.services()]);
    return buildPortMap({ containers, sockets, hostNetworkInodes, services, project: this.project.files.project });
  }

  /** Socket inodes of every process of a container (the Engine lists their host pids). */
  private async socketInodes(container: ContainerRecord): Promise<Set<number>> {
    const inodes = new Set<number>();
    let pids = await this.api.containerPids(container.id);
    // Stopped meanwhile: its main pid (if any) is all we know.
    if (pids.length === 0) pids = [container.pid];
    for (const pid of pids.filter((p) => p > 0)) for (const inode of await socketInodesOf(pid)) inodes.add(inode);
    return inodes;
  }
}
