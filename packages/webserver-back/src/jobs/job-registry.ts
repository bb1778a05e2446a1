import { errorMessage } from '@mapio/runtime';
import { randomUUID } from 'node:crypto';
import { EventEmitter } from 'node:events';
import type { JobSnapshot, LayerProgress } from '@mapio/webserver-api';
import { DomainError } from '../domain-error';

// The job as clients read it is the shared API schema's (the web UI parses it with the same).
export type { JobSnapshot, JobState } from '@mapio/webserver-api';

/** One event of a job's history, as sent over Server-Sent Events. */
export interface JobEvent {
  seq: number;
  type: 'progress' | 'message' | 'end';
  job: JobSnapshot;
}

export interface JobReporter {
  /** Overall percent; `layers` are the per-layer figures of an image pull (the latest list replaces the last). */
  progress(percent: number, message?: string, layers?: LayerProgress[]): void;
  message(text: string): void;
}

const MAX_MESSAGES = 200;
const MAX_EVENTS = 500;
const KEEP_FINISHED_MS = 60 * 60_000;

class Job extends EventEmitter {
  readonly events: JobEvent[] = [];
  snapshot: JobSnapshot;
  private seq = 0;

  constructor(kind: string, target: string) {
    super();
    this.snapshot = {
      id: randomUUID(),
      kind,
      target,
      state: 'running',
      progress: 0,
      messages: [],
      layers: [],
      result: null,
      error: null,
      createdAt: new Date().toISOString(),
      finishedAt: null,
    };
  }

  record(type: JobEvent['type'], update: Partial<JobSnapshot>, message?: string): void {
    const messages = message ? [...this.snapshot.messages, message].slice(-MAX_MESSAGES) : this.snapshot.messages;
    this.snapshot = { ...this.snapshot, ...update, messages };
    const event: JobEvent = { seq: ++this.seq, type, job: this.snapshot };
    this.events.push(event);
    if (this.events.length > MAX_EVENTS) this.events.splice(0, this.events.length - MAX_EVENTS);
    this.emit('event', event);
  }
}

/**
 * Every operation that changes a service runs as a job of its target (the service name): an id, a
 * state, a progress percentage and messages, to poll or to follow as events. A target has one running
 * job at a time, whatever its kind: that is the per-service guard (a second one is a `conflict`
 * naming the running job). Long operations (pull, update, create) run in the background (`run`);
 * short ones (start, stop, restart, delete) are awaited by their caller (`exclusive`). Finished jobs
 * are kept an hour.
 */
export class JobRegistry {
  private readonly jobs = new Map<string, Job>();

  /**
   * Claims `target`, awaits `prepare` (its failure is the caller's, and leaves no job), then runs
   * `work` in the background; resolves with the running job.
   */
  async run(kind: string, target: string, work: (report: JobReporter) => Promise<unknown>, prepare?: () => Promise<void>): Promise<JobSnapshot> {
    const job = this.claim(kind, target);
    if (prepare) {
      try {
        await prepare();
      } catch (error) {
        this.jobs.delete(job.snapshot.id);
        throw error;
      }
    }
    const snapshot = job.snapshot;
    this.execute(job, work).catch(() => undefined);
    return snapshot;
  }

  /** Claims `target` for an operation its caller waits for; resolves or rejects as `work` does. */
  async exclusive<T>(kind: string, target: string, work: (report: JobReporter) => Promise<T>): Promise<T> {
    return this.execute(this.claim(kind, target), work);
  }

  get(id: string): JobSnapshot | undefined {
    return this.jobs.get(id)?.snapshot;
  }

  runningFor(target: string): JobSnapshot | undefined {
    return [...this.jobs.values()].find((job) => job.snapshot.target === target && job.snapshot.state === 'running')?.snapshot;
  }

  /**
   * Replays the job's events after `afterSeq`, then calls `listener` with each new one; returns the
   * unsubscribe function (also called by itself after the `end` event).
   */
  follow(id: string, afterSeq: number, listener: (event: JobEvent) => void): () => void {
    const job = this.jobs.get(id);
    if (!job) return () => undefined;
    for (const event of job.events) if (event.seq > afterSeq) listener(event);
    if (job.snapshot.state !== 'running') return () => undefined;
    const onEvent = (event: JobEvent) => {
      listener(event);
      if (event.type === 'end') job.off('event', onEvent);
    };
    job.on('event', onEvent);
    return () => job.off('event', onEvent);
  }

  /** Registers a running job for `target`, or throws the conflict naming the one already running. */
  private claim(kind: string, target: string): Job {
    this.prune();
    const busy = this.runningFor(target);
    if (busy) {
      throw new DomainError('conflict', `${target} has a running ${busy.kind} job (${busy.id}): wait for it to finish`, {
        details: { jobId: busy.id, kind: busy.kind },
      });
    }
    const job = new Job(kind, target);
    this.jobs.set(job.snapshot.id, job);
    return job;
  }

  private async execute<T>(job: Job, work: (report: JobReporter) => Promise<T>): Promise<T> {
    const reporter: JobReporter = {
      progress: (percent, message, layers) => {
        const progress = Math.max(job.snapshot.progress, Math.min(99, Math.round(percent)));
        if (progress === job.snapshot.progress && !message && !layers) return;
        job.record('progress', { progress, ...(layers ? { layers } : {}) }, message);
      },
      message: (text) => job.record('message', {}, text),
    };
    try {
      const result = await work(reporter);
      job.record('end', { state: 'succeeded', progress: 100, result: result ?? null, finishedAt: new Date().toISOString() });
      return result;
    } catch (error) {
      const message = errorMessage(error);
      job.record('end', { state: 'failed', error: message, finishedAt: new Date().toISOString() }, `failed: ${message}`);
      throw error;
    }
  }

  private prune(): void {
    const cutoff = Date.now() - KEEP_FINISHED_MS;
    for (const [id, job] of this.jobs) {
      if (job.snapshot.finishedAt && Date.parse(job.snapshot.finishedAt) < cutoff) this.jobs.delete(id);
    }
  }
}
