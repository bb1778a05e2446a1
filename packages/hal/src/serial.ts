import { constants } from 'node:fs';
import { open, type FileHandle } from 'node:fs/promises';
import tty from 'node:tty';
import type { Readable } from 'node:stream';
import { HalError } from './gpio';

export type TicBaudRate = 1200 | 9600;

/** A receive-only serial line (the Linky TIC port). */
export interface SerialLine {
  readonly path: string;
  /** Configures the line for `baud` 7E1 and returns its byte stream. */
  open(baud: TicBaudRate): Promise<Readable>;
  close(): Promise<void>;
}

/** Sets line speed and framing before reading (real board: stty; simulation: nothing, a pty is raw). */
export type LineConfigurer = (path: string, baud: TicBaudRate) => Promise<void>;

/** A tty device read through libuv's non-blocking tty handle (no thread-pool thread parked on read). */
export class TtySerialLine implements SerialLine {
  private handle: FileHandle | null = null;
  private stream: tty.ReadStream | null = null;

  constructor(
    readonly path: string,
    private readonly configure: LineConfigurer,
  ) {}

  async open(baud: TicBaudRate): Promise<Readable> {
    await this.close();
    await this.configure(this.path, baud);
    let handle: FileHandle;
    try {
      handle = await open(this.path, constants.O_RDONLY | constants.O_NOCTTY | constants.O_NONBLOCK);
    } catch (error) {
      throw new HalError(`serial line ${this.path}: cannot open (${(error as Error).message})`);
    }
    if (!tty.isatty(handle.fd)) {
      await handle.close();
      throw new HalError(`serial line ${this.path}: not a terminal device`);
    }
    this.handle = handle;
    this.stream = new tty.ReadStream(handle.fd);
    return this.stream;
  }

  async close(): Promise<void> {
    const stream = this.stream;
    this.stream = null;
    this.handle = null;
    if (stream && !stream.destroyed) {
      // The stream owns the descriptor from here on; destroying it closes the fd.
      await new Promise<void>((resolve) => {
        stream.once('close', () => resolve());
        stream.destroy();
      });
    }
  }
}
