import type { Readable } from 'node:stream';
import type { SerialLine, TicBaudRate } from '@mapio/hal';
import { errorMessage, ReconnectBackoff, type Logger } from '@mapio/runtime';

/** A missing, failing or lost port is tried again after 5 s, then less and less often (up to a minute). */
const REOPEN_DELAY_MS = { first: 5000, max: 60_000 };
/** No jitter: one daemon, one port, nothing to spread out. */
const NO_JITTER = () => 0.5;

export interface TicPortListener {
  opened(baud: TicBaudRate): void;
  data(chunk: Buffer): void;
}

/**
 * The TIC serial port, kept open: opened at the speed asked for, reopened with a growing delay when
 * it cannot be opened or goes away (a USB adapter pulled, a pty closed). The delay starts again from
 * the shortest once bytes flow, so a port that opens and fails at once is not hammered.
 */
export class TicPort {
  private line: SerialLine | null = null;
  private stream: Readable | null = null;
  private baud: TicBaudRate = 1200;
  private wanted = false;
  private retry: NodeJS.Timeout | null = null;
  private readonly backoff = new ReconnectBackoff(REOPEN_DELAY_MS.first, REOPEN_DELAY_MS.max, NO_JITTER);

  constructor(
    private readonly device: string,
    private readonly serialLine: (device: string) => SerialLine,
    private readonly listener: TicPortListener,
    private readonly logger: Logger,
  ) {}

  /** Opens (or reopens) the port at `baud`. */
  async open(baud: TicBaudRate): Promise<void> {
    await this.close();
    this.wanted = true;
    this.baud = baud;
    await this.attempt();
  }

  async close(): Promise<void> {
    this.wanted = false;
    if (this.retry) clearTimeout(this.retry);
    this.retry = null;
    this.stream = null;
    await this.line?.close();
  }

  private async attempt(): Promise<void> {
    if (!this.wanted) return;
    this.line ??= this.serialLine(this.device);
    let stream: Readable;
    try {
      stream = await this.line.open(this.baud);
    } catch (error) {
      this.reopenLater(errorMessage(error));
      return;
    }
    if (!this.wanted) {
      await this.line.close();
      return;
    }
    this.stream = stream;
    this.logger.info({ device: this.device, baud: this.baud }, 'TIC port open');
    stream.on('data', (chunk: Buffer) => {
      if (this.stream !== stream) return;
      this.backoff.reset();
      this.listener.data(chunk);
    });
    stream.on('error', (error) => this.lost(stream, errorMessage(error)));
    stream.on('close', () => this.lost(stream, 'closed'));
    this.listener.opened(this.baud);
  }

  private lost(stream: Readable, why: string): void {
    if (this.stream !== stream || !this.wanted) return;
    this.stream = null;
    this.reopenLater(why);
  }

  private reopenLater(why: string): void {
    const delayMs = this.backoff.next();
    // One warning per outage, not one per attempt.
    if (this.backoff.attempts === 1) this.logger.warn({ device: this.device, err: why, retryInMs: delayMs }, 'TIC port unavailable: trying again');
    else this.logger.debug({ device: this.device, err: why, retryInMs: delayMs }, 'TIC port still unavailable');
    if (this.retry) clearTimeout(this.retry);
    this.retry = setTimeout(() => {
      this.retry = null;
      void this.attempt();
    }, delayMs);
  }
}
