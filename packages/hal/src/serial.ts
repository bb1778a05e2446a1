import { close, constants, open } from 'node:fs';
import tty from 'node:tty';
import { promisify } from 'node:util';
import type { Readable } from 'node:stream';
import { HalError } from './gpio';

const openFd = promisify(open);
const closeFd = promisify(close);

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
  private stream: tty.ReadStream | null = null;

  constructor(
    readonly path: string,
    private readonly configure: LineConfigurer,
  ) {}

  async open(baud: TicBaudRate): Promise<Readable> {
    await this.close();
    await this.configure(this.path, baud);
    // A plain descriptor, not a FileHandle: a FileHandle left behind would close the same number
    // again when garbage-collected, by then maybe another file's.
    let fd: number;
    try {
      fd = await openFd(this.path, constants.O_RDONLY | constants.O_NOCTTY | constants.O_NONBLOCK);
    } catch (error) {
      throw new HalError(`serial line ${this.path}: cannot open (${(error as Error).message})`);
    }
    if (!tty.isatty(fd)) {
      await closeFd(fd);
      throw new HalError(`serial line ${this.path}: not a terminal device`);
    }
    const stream = new tty.ReadStream(fd);
    // libuv reopens a terminal by name to get a descriptor of its own, moves it onto ours with dup2,
    // then reads from and closes only its own: ours would stay open, one more per reopen.
    const streamFd = descriptorOf(stream);
    if (streamFd !== null && streamFd !== fd) await closeFd(fd);
    this.stream = stream;
    return stream;
  }

  async close(): Promise<void> {
    const stream = this.stream;
    this.stream = null;
    if (stream && !stream.destroyed) {
      // The stream owns the descriptor it reads from; destroying it closes that one.
      await new Promise<void>((resolve) => {
        stream.once('close', () => resolve());
        stream.destroy();
      });
    }
  }
}

/** The descriptor libuv's tty handle reads from (node keeps it on the handle, not in a public API). */
function descriptorOf(stream: tty.ReadStream): number | null {
  const handle: unknown = Reflect.get(stream, '_handle');
  if (typeof handle !== 'object' || handle === null || !('fd' in handle)) return null;
  return typeof handle.fd === 'number' && handle.fd >= 0 ? handle.fd : null;
}
