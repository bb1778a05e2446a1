import type { Request, Response } from 'express';
import { openEventStream } from '../http/event-stream';
import { ApiError } from '../http/api-error';
import type { ContainerRecord } from './container-record';
import type { DockerEngine } from './docker-engine';
import { LineSplitter, LogDemuxer } from './log-demux';

export interface LogQuery {
  tail: number | 'all';
  since?: number | undefined;
  follow: boolean;
}

/**
 * A container's logs: stdout and stderr demultiplexed (ANSI colour codes kept), as text/plain, or as
 * Server-Sent Events (one `stdout`/`stderr` event per line) while following. A follow ends when the
 * client goes away (the Engine stream is destroyed) or the container stops (`end` event).
 */
export class ServiceLogs {
  private followers = 0;

  constructor(private readonly engine: DockerEngine) {}

  /** Log streams open right now (for tests and the bench: following must not leak). */
  get activeFollowers(): number {
    return this.followers;
  }

  async send(container: ContainerRecord, query: LogQuery, req: Request, res: Response): Promise<void> {
    const handle = this.engine.docker.getContainer(container.id);
    const options = {
      stdout: true,
      stderr: true,
      ...(query.tail === 'all' ? {} : { tail: query.tail }),
      ...(query.since === undefined ? {} : { since: query.since }),
    };
    const demuxer = new LogDemuxer(container.tty);
    if (!query.follow) {
      const raw: unknown = await handle.logs({ ...options, follow: false });
      const frames = demuxer.push(Buffer.isBuffer(raw) ? raw : Buffer.from(String(raw)));
      res.type('text/plain; charset=utf-8').send(Buffer.concat(frames.map((frame) => frame.data)));
      return;
    }
    const stream = (await handle.logs({ ...options, follow: true })) as unknown as NodeJS.ReadableStream & { destroy(): void };
    if (req.destroyed) {
      stream.destroy();
      throw new ApiError('validation_failed', 'client went away');
    }
    this.followers += 1;
    const events = openEventStream(req, res);
    const lines = new LineSplitter();
    let ended = false;
    const finish = () => {
      if (ended) return;
      ended = true;
      this.followers -= 1;
      stream.removeAllListeners('data');
      stream.on('error', () => undefined);
      stream.destroy();
    };
    events.onClose(finish);
    stream.on('data', (chunk: Buffer) => {
      for (const frame of demuxer.push(chunk)) for (const { stream: name, line } of lines.push(frame)) events.send(name, line);
    });
    stream.once('end', () => {
      for (const { stream: name, line } of lines.flush()) events.send(name, line);
      events.send('end', 'container stopped');
      events.end();
    });
    stream.once('error', () => events.end());
  }
}
