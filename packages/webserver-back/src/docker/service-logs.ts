import type { ContainerRecord } from './container-record';
import type { EngineApi, LogOptions } from './engine-api';
import { LogDemuxer, type LogFrame } from './log-demux';

export type LogQuery = LogOptions;

/**
 * A container's logs as frames, stdout and stderr demultiplexed (ANSI colour codes kept). Without
 * `follow` the frames end with the log; with it they go on until the container stops or `signal`
 * fires (the reader went away), which ends them quietly: a reader leaving is no failure.
 */
export class ServiceLogs {
  private followers = 0;

  constructor(private readonly api: EngineApi) {}

  /** Log streams open right now (for tests and the bench: following must not leak). */
  get activeFollowers(): number {
    return this.followers;
  }

  async *frames(container: ContainerRecord, query: LogQuery, signal: AbortSignal): AsyncGenerator<LogFrame> {
    const stream = await this.api.containerLogs(container.id, query, signal);
    const demuxer = new LogDemuxer(container.tty);
    if (query.follow) this.followers += 1;
    try {
      for await (const chunk of stream) {
        if (!Buffer.isBuffer(chunk)) continue;
        yield* demuxer.push(chunk);
      }
    } catch (error) {
      if (!signal.aborted) throw error;
    } finally {
      stream.destroy();
      if (query.follow) this.followers -= 1;
    }
  }
}
