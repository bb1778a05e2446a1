import { isDeepStrictEqual } from 'node:util';
import type { DockerEngineState } from '@mapio/contracts';
import { ReconnectBackoff, errorMessage, type Feature, type Logger } from '@mapio/runtime';
import { DomainError } from '../domain-error';
import type { ChangeSignal } from './change-signal';
import { COMPOSE_PROJECT_LABEL, COMPOSE_SERVICE_LABEL, toContainerRecord, type ContainerRecord } from './container-record';
import type { EngineApi, EventSubscription } from './engine-api';
import type { EngineEvent } from './engine-schemas';

/** Engine events that do not change what a container record holds. */
const IGNORED_ACTIONS = /^(exec_|attach|resize|top|archive-path|extract-to-dir|copy|export|commit)/;

/**
 * The Docker Engine as this daemon sees it: reachable or not, and every container's state, kept in
 * memory. The state follows the Engine's event stream (a container event re-inspects that container),
 * so requests read memory instead of asking the Engine. When the stream breaks, or any call finds the
 * Engine frozen or gone, it is unreachable: the records are dropped and the connection is retried
 * with backoff until it answers again, with no restart of the daemon.
 *
 * Raises the change signal whenever reachability or a container record changed.
 */
export class DockerEngine implements Feature {
  readonly name = 'docker-engine';
  private readonly containers = new Map<string, ContainerRecord>();
  private readonly backoff = new ReconnectBackoff(250, 5000);
  private reachability: DockerEngineState = 'unreachable';
  private events: EventSubscription | null = null;
  private retryTimer: NodeJS.Timeout | null = null;
  private stopped = true;
  private generation = 0;

  constructor(
    private readonly api: EngineApi,
    private readonly changes: ChangeSignal,
    private readonly logger: Logger,
  ) {
    api.onUnreachable((error) => {
      if (this.reachability === 'running') this.lost(error);
    });
  }

  get state(): DockerEngineState {
    return this.reachability;
  }

  /** Every known container (empty while the Engine is unreachable). */
  list(): ContainerRecord[] {
    return [...this.containers.values()];
  }

  byName(name: string): ContainerRecord | undefined {
    for (const container of this.containers.values()) if (container.name === name) return container;
    return undefined;
  }

  /** Throws `unavailable` when the Engine does not answer. */
  requireRunning(): void {
    if (this.reachability !== 'running') {
      throw new DomainError('unavailable', 'the Docker Engine is not reachable: is the docker service running?', { dependency: 'docker' });
    }
  }

  start(): Promise<void> {
    this.stopped = false;
    // The daemon runs without Docker; the first attempt only decides the initial state.
    return this.connect();
  }

  stop(): void {
    this.stopped = true;
    this.generation += 1;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    this.retryTimer = null;
    this.closeEvents();
  }

  /** Re-reads one container now (after an action of ours, not to wait for its event). */
  async refreshContainer(id: string): Promise<ContainerRecord | undefined> {
    const generation = this.generation;
    const inspect = await this.api.inspectContainer(id);
    if (generation !== this.generation) return undefined;
    if (!inspect) {
      if (this.containers.delete(id)) this.changes.notify();
      return undefined;
    }
    const record = toContainerRecord(inspect);
    if (!isDeepStrictEqual(this.containers.get(record.id), record)) {
      this.containers.set(record.id, record);
      this.changes.notify();
    }
    return record;
  }

  /** Re-reads the containers of one compose service now (ours were just created or recreated). */
  async refreshService(project: string, service: string): Promise<void> {
    const ids = await this.api.containerIds([`${COMPOSE_PROJECT_LABEL}=${project}`, `${COMPOSE_SERVICE_LABEL}=${service}`]);
    await Promise.all(ids.map((id) => this.refreshContainer(id)));
  }

  private async connect(): Promise<void> {
    if (this.stopped) return;
    const generation = ++this.generation;
    try {
      await this.api.ping();
      const events = await this.api.containerEvents({
        event: (event) => this.onEvent(event, generation),
        invalid: (line) => this.logger.warn({ line }, 'unreadable Docker event ignored'),
        ended: (error) => {
          if (generation === this.generation && !this.stopped) this.lost(error);
        },
      });
      if (generation !== this.generation) {
        events.close();
        return;
      }
      this.events = events;
      const ids = await this.api.containerIds();
      const inspected = await Promise.all(ids.map((id) => this.api.inspectContainer(id)));
      if (generation !== this.generation) return;
      this.containers.clear();
      for (const inspect of inspected) if (inspect) this.containers.set(inspect.Id, toContainerRecord(inspect));
      this.backoff.reset();
      this.setReachability('running');
    } catch (error) {
      if (generation !== this.generation) return;
      this.lost(error);
    }
  }

  private onEvent(event: EngineEvent, generation: number): void {
    if (event.Type !== 'container' || IGNORED_ACTIONS.test(event.Action)) return;
    const id = event.Actor?.ID ?? event.id;
    if (!id) return;
    if (event.Action === 'destroy') {
      if (this.containers.delete(id)) this.changes.notify();
      return;
    }
    this.refreshContainer(id).catch((error: unknown) => {
      if (generation === this.generation) this.logger.debug({ id, err: errorMessage(error) }, 'container refresh failed');
    });
  }

  private lost(error: unknown): void {
    this.generation += 1;
    this.closeEvents();
    this.containers.clear();
    if (this.retryTimer) clearTimeout(this.retryTimer);
    const delay = this.backoff.next();
    if (this.reachability === 'running' || this.backoff.attempts === 1) {
      this.logger.warn({ err: errorMessage(error), retryInMs: delay }, 'Docker Engine unreachable: retrying');
    }
    this.setReachability('unreachable');
    if (this.stopped) return;
    this.retryTimer = setTimeout(() => {
      this.retryTimer = null;
      void this.connect();
    }, delay);
  }

  private closeEvents(): void {
    this.events?.close();
    this.events = null;
  }

  /** Always raises the signal: a (re)connection re-reads every container, a loss empties the list. */
  private setReachability(state: DockerEngineState): void {
    if (state === 'running' && this.reachability !== state) this.logger.info('Docker Engine reachable');
    this.reachability = state;
    this.changes.notify();
  }
}
