import type { PublishedPort } from '@mapio/webserver-api';
import type { ContainerInspect } from './engine-schemas';

export const COMPOSE_PROJECT_LABEL = 'com.docker.compose.project';
export const COMPOSE_SERVICE_LABEL = 'com.docker.compose.service';

export type { PublishedPort } from '@mapio/webserver-api';

/** What this daemon knows of one container, kept in memory and refreshed by Engine events. */
export interface ContainerRecord {
  id: string;
  name: string;
  image: string;
  imageId: string;
  state: string;
  exitCode: number;
  health: string | null;
  createdAt: string;
  startedAt: string | null;
  finishedAt: string | null;
  restartCount: number;
  labels: Record<string, string>;
  networkMode: string;
  publishedPorts: PublishedPort[];
  pid: number;
  tty: boolean;
  /** Seconds the Engine waits for it to stop before killing it (null: the Engine's default). */
  stopTimeoutS: number | null;
  composeProject: string | null;
  composeService: string | null;
}

const ZERO_TIME = '0001-01-01T00:00:00Z';

export function toContainerRecord(inspect: ContainerInspect): ContainerRecord {
  const labels = inspect.Config.Labels ?? {};
  const publishedPorts: PublishedPort[] = [];
  for (const [key, bindings] of Object.entries(inspect.NetworkSettings?.Ports ?? {})) {
    const [port, protocol = 'tcp'] = key.split('/');
    for (const binding of bindings ?? []) {
      publishedPorts.push({
        hostIp: binding.HostIp ?? '',
        hostPort: Number(binding.HostPort),
        containerPort: Number(port),
        protocol,
      });
    }
  }
  return {
    id: inspect.Id,
    name: inspect.Name.replace(/^\//, ''),
    image: inspect.Config.Image,
    imageId: inspect.Image,
    state: inspect.State.Status,
    exitCode: inspect.State.ExitCode,
    health: inspect.State.Health?.Status ?? null,
    createdAt: inspect.Created,
    startedAt: meaningfulTime(inspect.State.StartedAt),
    finishedAt: meaningfulTime(inspect.State.FinishedAt),
    restartCount: inspect.RestartCount,
    labels,
    networkMode: inspect.HostConfig?.NetworkMode ?? 'default',
    publishedPorts,
    pid: inspect.State.Pid,
    tty: inspect.Config.Tty,
    stopTimeoutS: inspect.Config.StopTimeout ?? null,
    composeProject: labels[COMPOSE_PROJECT_LABEL] ?? null,
    composeService: labels[COMPOSE_SERVICE_LABEL] ?? null,
  };
}

function meaningfulTime(value: string): string | null {
  return value === '' || value.startsWith(ZERO_TIME.slice(0, 4)) ? null : value;
}

/**
 * `docker ps`'s status text ("Up 5 minutes", "Exited (0) 2 hours ago", "Created"), computed from the
 * state so it stays right between Engine events.
 */
export function statusText(container: ContainerRecord, now: number): string {
  const since = (iso: string | null) => (iso ? humanDuration(now - Date.parse(iso)) : 'a moment');
  switch (container.state) {
    case 'running': {
      const health = container.health && container.health !== 'none' ? ` (${container.health})` : '';
      return `Up ${since(container.startedAt)}${health}`;
    }
    case 'paused':
      return `Up ${since(container.startedAt)} (Paused)`;
    case 'restarting':
      return `Restarting (${container.exitCode}) ${since(container.finishedAt)} ago`;
    case 'exited':
      return container.finishedAt ? `Exited (${container.exitCode}) ${since(container.finishedAt)} ago` : `Exited (${container.exitCode})`;
    case 'created':
      return 'Created';
    case 'removing':
      return 'Removal In Progress';
    case 'dead':
      return 'Dead';
    default:
      return container.state;
  }
}

export function humanDuration(ms: number): string {
  if (ms < 1000) return 'Less than a second';
  const seconds = Math.round(ms / 1000);
  if (seconds < 60) return `${seconds} second${seconds === 1 ? '' : 's'}`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return minutes === 1 ? 'About a minute' : `${minutes} minutes`;
  const hours = Math.round(minutes / 60);
  if (hours < 48) return hours === 1 ? 'About an hour' : `${hours} hours`;
  const days = Math.round(hours / 24);
  if (days < 14) return `${days} days`;
  return `${Math.round(days / 7)} weeks`;
}
