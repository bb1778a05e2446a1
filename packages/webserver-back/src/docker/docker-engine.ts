import { EventEmitter } from 'node:events';
import type { DockerEngineState } from '@mapio/contracts';
import { ReconnectBackoff, errorMessage, type Feature, type Logger } from '@mapio/runtime';
import Docker from 'dockerode';
import { ApiError } from '../http/api-error';
import { toContainerRecord, type ContainerRecord } from './container-record';
import { engineStatus } from './engine-errors';
import { ContainerInspect, ContainerListEntry, EngineEvent } from './engine-schemas';
import { JsonLinesDecoder } from './json-lines';

/** Engine events that do not change what a container record holds. */
const IGNORED_ACTIONS = /^(exec_|attach|resize|top|archive-path|extract-to-dir|copy|export|commit)/;

/**
 * The Docker Engine as this daemon sees it: reachable or not, and every container's state, kept in
 * memory. The state follows the Engine's event stream (a container event re-inspects that container),
 * so requests read memory instead of asking the Engine. When the stream breaks the Engine is
 * unreachable: the records are dropped and the connection is retried with backoff until it answers
 * again, with no restart of the daemon.
 *
 * Emits `change` whenever reachability or any container record changed.
 */
export class DockerEngine extends EventEmitter implements Feature {
  readonly name = 'docker-engine';
  readonly docker: Docker;
  private readonly containers = new Map<string, ContainerRecord>();
  private readonly backoff = new ReconnectBackoff(250, 5000);
  private reachability: DockerEngineState = 'unreachable';
  private events: NodeJS.ReadableStream | null = null;
  private retryTimer: NodeJS.Timeout | null = null;
  private stopped = true;
  private generation = 0;

  constructor(
    dockerHost: string,
    private readonly logger: Logger,
  ) {
    super();
    this.docker = new Docker({ socketPath: dockerHost.replace(/^unix:\/\//, '') });
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

  /** Throws the 503 `docker_unavailable` when the Engine does not answer. */
  requireRunning(): void {
    if (this.reachability !== 'running') {
      throw new ApiError('docker_unavailable', 'the Docker Engine is not reachable: is the docker service running?');
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
    try {
      const inspect = ContainerInspect.parse(await this.docker.getContainer(id).inspect());
      if (generation !== this.generation) return undefined;
      const record = toContainerRecord(inspect);
      this.containers.set(record.id, record);
      this.emit('change');
      return record;
    } catch (error) {
      if (engineStatus(error) === 404) {
        if (this.containers.delete(id)) this.emit('change');
        return undefined;
      }
      throw error;
    }
  }

  private async connect(): Promise<void> {
    if (this.stopped) return;
    const generation = ++this.generation;
    try {
      await this.docker.ping();
      // Subscribe before listing so that no change between the two is missed.
      const stream = (await this.docker.getEvents({ filters: { type: ['container'] } })) as NodeJS.ReadableStream;
      if (generation !== this.generation) {
        (stream as unknown as { destroy?: () => void }).destroy?.();
        return;
      }
      this.follow(stream, generation);
      const entries = ContainerListEntry.array().parse(await this.docker.listContainers({ all: true }));
      const inspected = await Promise.all(
        entries.map(async (entry) => {
          try {
            return toContainerRecord(ContainerInspect.parse(await this.docker.getContainer(entry.Id).inspect()));
          } catch (error) {
            if (engineStatus(error) === 404) return undefined; // removed meanwhile
            throw error;
          }
        }),
      );
      if (generation !== this.generation) return;
      this.containers.clear();
      for (const record of inspected) if (record) this.containers.set(record.id, record);
      this.backoff.reset();
      this.setReachability('running');
    } catch (error) {
      if (generation !== this.generation) return;
      this.lost(error);
    }
  }

  private follow(stream: NodeJS.ReadableStream, generation: number): void {
    this.events = stream;
    const decoder = new JsonLinesDecoder();
    stream.setEncoding('utf8');
    stream.on('data', (chunk: string) => {
      const { values, invalid } = decoder.push(chunk);
      for (const line of invalid) this.logger.warn({ line }, 'unreadable Docker event ignored');
      for (const value of values) this.onEvent(value, generation);
    });
    const ended = (error?: Error) => {
      if (generation !== this.generation || this.stopped) return;
      this.lost(error ?? new Error('event stream ended'));
    };
    stream.once('end', () => ended());
    stream.once('close', () => ended());
    stream.once('error', (error: Error) => ended(error));
  }

  private onEvent(value: unknown, generation: number): void {
    const parsed = EngineEvent.safeParse(value);
    if (!parsed.success || parsed.data.Type !== 'container' || IGNORED_ACTIONS.test(parsed.data.Action)) return;
    const id = parsed.data.Actor?.ID ?? parsed.data.id;
    if (!id) return;
    if (parsed.data.Action === 'destroy') {
      if (this.containers.delete(id)) this.emit('change');
      return;
    }
    this.refreshContainer(id).catch((error: unknown) => {
      if (generation === this.generation) this.logger.debug({ id, err: errorMessage(error) }, 'container refresh failed');
    });
  }

  private lost(error: unknown): void {
    this.closeEvents();
    this.containers.clear();
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
    const stream = this.events as unknown as { destroy?: () => void; removeAllListeners?: () => void } | null;
    this.events = null;
    stream?.removeAllListeners?.();
    // A late socket error of a stream we dropped must not become an uncaught 'error' event.
    (stream as unknown as NodeJS.ReadableStream | null)?.on('error', () => undefined);
    stream?.destroy?.();
  }

  /** Always tells listeners: a (re)connection re-reads every container, a loss empties the list. */
  private setReachability(state: DockerEngineState): void {
    if (state === 'running' && this.reachability !== state) this.logger.info('Docker Engine reachable');
    this.reachability = state;
    this.emit('change');
  }
}
