import type { ComposeService } from './compose-file';
import type { ContainerView, ServiceView } from '@mapio/webserver-api';
import { statusText, type ContainerRecord } from './container-record';

// The shapes clients read are the shared API schemas' (the web UI parses them with the same).
export type { ContainerView, ServiceSourceKind, ServiceView } from '@mapio/webserver-api';

export function containerView(container: ContainerRecord, now: number): ContainerView {
  return {
    id: container.id,
    name: container.name,
    state: container.state,
    status: statusText(container, now),
    health: container.health,
    image: container.image,
    imageId: container.imageId,
    createdAt: container.createdAt,
    startedAt: container.startedAt,
    restartCount: container.restartCount,
    networkMode: container.networkMode,
    ports: container.publishedPorts,
  };
}

/**
 * Joins the compose services with the Engine's containers (by the compose project/service labels).
 * When a service has several containers the running one wins. Containers of no service of this
 * project are listed as unmanaged, under their container name.
 */
export function joinServices(
  services: Map<string, ComposeService>,
  containers: readonly ContainerRecord[],
  project: string,
  now: number,
): ServiceView[] {
  const byService = new Map<string, ContainerRecord>();
  const unmanaged: ContainerRecord[] = [];
  for (const container of containers) {
    const service = container.composeProject === project ? container.composeService : null;
    if (service === null || !services.has(service)) {
      unmanaged.push(container);
      continue;
    }
    const current = byService.get(service);
    if (!current || (current.state !== 'running' && container.state === 'running')) byService.set(service, container);
  }
  const views: ServiceView[] = [...services.values()].map((service) => {
    const container = byService.get(service.name);
    return {
      name: service.name,
      source: service.source,
      managed: true,
      image: service.image,
      state: container?.state ?? 'missing',
      container: container ? containerView(container, now) : null,
    };
  });
  for (const container of unmanaged) {
    views.push({
      name: container.name,
      source: 'unmanaged',
      managed: false,
      image: container.image,
      state: container.state,
      container: containerView(container, now),
    });
  }
  return views.sort((a, b) => a.name.localeCompare(b.name));
}
