import { Readable } from 'node:stream';
import Docker from 'dockerode';
import type { z } from 'zod';
import { DomainError } from '../domain-error';
import { engineStatus, isDockerUnreachable } from './engine-errors';
import { ContainerInspect, ContainerListEntry, ContainerTop, DistributionInspect, EngineEvent, ImageInspect, PullProgressLine } from './engine-schemas';
import { JsonLinesDecoder } from './json-lines';

/** Calls that wait for a registry (pull, distribution) get this long: a slow registry is not a frozen Engine. */
export const REGISTRY_TIMEOUT_MS = 120_000;

/** What the Engine's stop and restart wait for when a container sets no stop timeout of its own. */
const DEFAULT_STOP_TIMEOUT_S = 10;

/** How the Engine's status codes read (docker-modem rejects with `statusCode` on all but the `true` ones). */
const ANSWERS = { 200: true, 204: true, 304: 'already in that state', 401: 'unauthorized', 404: 'not found', 409: 'conflict', 500: 'server error' };

export type ContainerAction = 'start' | 'stop' | 'restart';

export interface LogOptions {
  tail: number | 'all';
  since?: number | undefined;
  follow: boolean;
}

export interface EventSubscription {
  close(): void;
}

export interface EngineEventHandlers {
  event(event: EngineEvent): void;
  invalid(line: string): void;
  /** The stream ended or broke (not called after `close()`). */
  ended(error: Error): void;
}

/**
 * The Docker Engine API, the one place that talks to it (nothing else imports dockerode). Every call
 * is bounded: the Engine answers within `timeoutMs` (calls that wait on a registry: REGISTRY_TIMEOUT_MS;
 * stop and restart: plus the container's stop timeout) or the call fails as `unavailable` and the
 * `unreachable` listeners are told, as they are when the socket refuses. Answers are zod-parsed.
 */
export class EngineApi {
  private readonly docker: Docker;
  private readonly unreachableListeners = new Set<(error: DomainError) => void>();

  constructor(
    dockerHost: string,
    private readonly timeoutMs: number,
  ) {
    this.docker = new Docker({ socketPath: dockerHost.replace(/^unix:\/\//, '') });
  }

  /** Called with the error each time a call finds the Engine frozen or gone. */
  onUnreachable(listener: (error: DomainError) => void): () => void {
    this.unreachableListeners.add(listener);
    return () => this.unreachableListeners.delete(listener);
  }

  async ping(): Promise<void> {
    await this.dial('GET', '/_ping', this.timeoutMs);
  }

  /** Follows container events (subscribe before listing, so that no change in between is missed). */
  async containerEvents(handlers: EngineEventHandlers): Promise<EventSubscription> {
    const stream = readable(
      await this.bounded('GET /events', this.timeoutMs, (abortSignal) => this.docker.getEvents({ filters: { type: ['container'] }, abortSignal })),
    );
    const decoder = new JsonLinesDecoder();
    let open = true;
    const end = (error: Error) => {
      if (!open) return;
      open = false;
      handlers.ended(error);
    };
    stream.setEncoding('utf8');
    stream.on('data', (chunk: string) => {
      const { values, invalid } = decoder.push(chunk);
      for (const line of invalid) handlers.invalid(line);
      for (const value of values) {
        const parsed = EngineEvent.safeParse(value);
        if (parsed.success) handlers.event(parsed.data);
        else handlers.invalid(JSON.stringify(value).slice(0, 200));
      }
    });
    stream.once('end', () => end(new Error('event stream ended')));
    stream.once('close', () => end(new Error('event stream closed')));
    // A late socket error of a stream we closed must not become an uncaught 'error' event.
    stream.on('error', (error: Error) => end(error));
    return {
      close: () => {
        open = false;
        stream.destroy();
      },
    };
  }

  /** Ids of every container, or of those carrying all of `labels` (`key=value`). */
  async containerIds(labels: string[] = []): Promise<string[]> {
    const answer = await this.bounded('GET /containers/json', this.timeoutMs, (abortSignal) =>
      this.docker.listContainers({ all: true, abortSignal, ...(labels.length > 0 ? { filters: { label: labels } } : {}) }),
    );
    return parseAnswer(ContainerListEntry.array(), answer, 'GET /containers/json').map((entry) => entry.Id);
  }

  /** The container, or undefined when the Engine has none of that id. */
  async inspectContainer(id: string): Promise<ContainerInspect | undefined> {
    const answer = await this.orNotFound(this.bounded(`GET /containers/${id}/json`, this.timeoutMs, (abortSignal) => this.docker.getContainer(id).inspect({ abortSignal })));
    return answer === undefined ? undefined : parseAnswer(ContainerInspect, answer, `GET /containers/${id}/json`);
  }

  /**
   * start/stop/restart; a container already in the asked state is fine. No stop timeout is sent: the
   * Engine uses the container's own (compose's stop_grace_period), which the bound allows for.
   */
  async containerAction(id: string, action: ContainerAction, stopTimeoutS: number | null): Promise<void> {
    const limit = action === 'start' ? this.timeoutMs : this.timeoutMs + 1000 * (stopTimeoutS ?? DEFAULT_STOP_TIMEOUT_S);
    try {
      await this.dial('POST', `/containers/${encodeURIComponent(id)}/${action}`, limit);
    } catch (error) {
      if (engineStatus(error) !== 304) throw this.asDomainError(error, id);
    }
  }

  /** Host pids of every process of the container (empty when it is not running). */
  async containerPids(id: string): Promise<number[]> {
    const answer = await this.orNotFound(
      this.bounded(`GET /containers/${id}/top`, this.timeoutMs, (abortSignal) => this.docker.getContainer(id).top({ ps_args: '-o pid', abortSignal })),
    ).catch((error: unknown) => {
      if (engineStatus(error) === 409) return undefined; // not running
      throw error;
    });
    if (answer === undefined) return [];
    const top = parseAnswer(ContainerTop, answer, `GET /containers/${id}/top`);
    const column = top.Titles.findIndex((title) => title.trim() === 'PID');
    return column < 0 ? [] : top.Processes.map((row) => Number(row[column])).filter((pid) => Number.isInteger(pid) && pid > 0);
  }

  /** The container's multiplexed log stream (raw output for TTY containers); `signal` ends a follow. */
  async containerLogs(id: string, options: LogOptions, signal: AbortSignal): Promise<Readable> {
    const query = {
      stdout: true,
      stderr: true,
      ...(options.tail === 'all' ? {} : { tail: options.tail }),
      ...(options.since === undefined ? {} : { since: options.since }),
    };
    const container = this.docker.getContainer(id);
    const what = `GET /containers/${id}/logs`;
    if (!options.follow) {
      const answer: unknown = await this.bounded(what, this.timeoutMs, (abortSignal) => container.logs({ ...query, follow: false, abortSignal }));
      return Readable.from([Buffer.isBuffer(answer) ? answer : Buffer.from(String(answer))]);
    }
    const stream = readable(await this.bounded(what, this.timeoutMs, (abortSignal) => container.logs({ ...query, follow: true, abortSignal })));
    signal.addEventListener('abort', () => stream.destroy(), { once: true });
    if (signal.aborted) stream.destroy();
    return stream;
  }

  /** Pulls `image`, handing each progress line to `onLine`; resolves once the Engine ends the stream. */
  async pullImage(image: string, onLine: (line: PullProgressLine) => void): Promise<void> {
    const stream = readable(
      await this.bounded(`POST /images/create?fromImage=${image}`, REGISTRY_TIMEOUT_MS, (abortSignal) => this.docker.pull(image, { abortSignal }), 'registry'),
    );
    const decoder = new JsonLinesDecoder();
    stream.setEncoding('utf8');
    // A pull that goes silent for REGISTRY_TIMEOUT_MS fails: its job would hold the service forever.
    let idle: NodeJS.Timeout | undefined;
    try {
      await new Promise<void>((resolve, reject) => {
        const silent = () => {
          stream.destroy();
          reject(new DomainError('unavailable', `the pull of ${image} made no progress for ${REGISTRY_TIMEOUT_MS / 1000} s`, { dependency: 'registry' }));
        };
        idle = setTimeout(silent, REGISTRY_TIMEOUT_MS);
        stream.on('data', (chunk: string) => {
          idle?.refresh();
          for (const value of decoder.push(chunk).values) {
            const line = PullProgressLine.safeParse(value);
            if (line.success) onLine(line.data);
          }
        });
        stream.once('end', () => resolve());
        stream.once('error', (error: Error) => reject(this.asDomainError(error)));
      });
    } finally {
      clearTimeout(idle);
    }
  }

  /** The local image, or undefined when there is none by that reference. */
  async inspectImage(reference: string): Promise<ImageInspect | undefined> {
    const path = `/images/${encodeURIComponent(reference)}/json`;
    const answer = await this.orNotFound(this.dial('GET', path, this.timeoutMs));
    return answer === undefined ? undefined : parseAnswer(ImageInspect, answer, `GET ${path}`);
  }

  /** The registry's digest of `reference`, asked through the Engine (no pull). */
  async distributionDigest(reference: string): Promise<string> {
    const path = `/distribution/${encodeURIComponent(reference)}/json`;
    return parseAnswer(DistributionInspect, await this.dial('GET', path, REGISTRY_TIMEOUT_MS, 'registry'), `GET ${path}`).Descriptor.digest;
  }

  /** For the endpoints dockerode (or its typings) gives no abort signal to. */
  private dial(method: 'GET' | 'POST', path: string, limit: number, waitsOn: 'engine' | 'registry' = 'engine'): Promise<unknown> {
    return this.bounded(
      `${method} ${path}`,
      limit,
      (abortSignal) =>
        new Promise<unknown>((resolve, reject) => {
          this.docker.modem.dial({ method, path, abortSignal, statusCodes: ANSWERS }, (error, data) =>
            error ? reject(error) : resolve(data),
          );
        }),
      waitsOn,
    );
  }

  private async orNotFound<T>(call: Promise<T>): Promise<T | undefined> {
    try {
      return await call;
    } catch (error) {
      if (engineStatus(error) === 404) return undefined;
      throw error;
    }
  }

  /**
   * Runs one Engine call with an abort signal that fires after `limit` ms. A call that times out or
   * finds no Engine becomes `unavailable` (and, unless it waited on a registry, tells the listeners).
   */
  private async bounded<T>(what: string, limit: number, call: (abortSignal: AbortSignal) => Promise<T>, waitsOn: 'engine' | 'registry' = 'engine'): Promise<T> {
    const controller = new AbortController();
    const timer = setTimeout(() => controller.abort(), limit);
    try {
      return await call(controller.signal);
    } catch (error) {
      if (controller.signal.aborted) {
        const failure =
          waitsOn === 'registry'
            ? new DomainError('unavailable', `the image registry did not answer ${what} within ${limit / 1000} s: check the network`, { dependency: 'registry' })
            : new DomainError('unavailable', `the Docker Engine did not answer ${what} within ${limit / 1000} s: it is not responding (is dockerd frozen or overloaded?)`, {
                dependency: 'docker',
              });
        if (waitsOn === 'engine') this.tellUnreachable(failure);
        throw failure;
      }
      if (isDockerUnreachable(error)) {
        const failure = new DomainError('unavailable', 'the Docker Engine is not reachable: is the docker service running?', { dependency: 'docker', cause: error });
        this.tellUnreachable(failure);
        throw failure;
      }
      throw error;
    } finally {
      clearTimeout(timer);
    }
  }

  private tellUnreachable(error: DomainError): void {
    for (const listener of this.unreachableListeners) listener(error);
  }

  /** Engine refusals that mean something to the caller become domain errors; the rest stays internal. */
  private asDomainError(error: unknown, id?: string): unknown {
    const status = engineStatus(error);
    if (status === 404) return new DomainError('not_found', `container ${id ?? ''} does not exist any more`, { cause: error });
    if (status === 409) return new DomainError('conflict', `the Docker Engine refused: ${engineMessage(error)}`, { cause: error });
    return error;
  }
}

function parseAnswer<S extends z.ZodType>(schema: S, answer: unknown, what: string): z.output<S> {
  const parsed = schema.safeParse(answer);
  if (!parsed.success) throw new Error(`unexpected Docker Engine answer to ${what}: ${parsed.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`).join('; ')}`);
  return parsed.data;
}

/** dockerode hands streams out as NodeJS.ReadableStream; they are node Readables (http responses). */
function readable(stream: unknown): Readable {
  if (!(stream instanceof Readable)) throw new Error('the Docker Engine answered a stream request without a stream');
  return stream;
}

function engineMessage(error: unknown): string {
  const json = (error as { json?: { message?: unknown } } | null)?.json;
  return typeof json?.message === 'string' ? json.message : error instanceof Error ? error.message : String(error);
}
