import { constants, openSync } from 'node:fs';
import { lstat, rm } from 'node:fs/promises';
import net from 'node:net';
import type { HalLogger } from '../hardware';
import { runTool } from '../real/run-tool';

export type ButtonWord = 'up' | 'down' | 'mid';
const WORDS = new Set<string>(['up', 'down', 'mid']);

/**
 * The simulated buttons: a FIFO where each line `up`, `down` or `mid` presses that button
 * (`echo down > $MAPIO_SIM_DIR/buttons`). It is opened read-write so it never reports end-of-file
 * and a writer never blocks while we run.
 */
export class ButtonFifo {
  private socket: net.Socket | null = null;
  private pending = '';

  constructor(
    readonly path: string,
    private readonly press: (button: ButtonWord) => void,
    private readonly logger: HalLogger,
  ) {}

  async start(): Promise<void> {
    if (this.socket) return;
    await ensureFifo(this.path);
    const fd = openSync(this.path, constants.O_RDWR | constants.O_NONBLOCK);
    const socket = new net.Socket({ fd, readable: true, writable: false });
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => this.onData(chunk));
    socket.on('error', (error) => this.logger.warn({ path: this.path, err: error.message }, 'button FIFO error'));
    this.socket = socket;
  }

  async stop(): Promise<void> {
    this.socket?.destroy();
    this.socket = null;
  }

  private onData(chunk: string): void {
    this.pending += chunk;
    const lines = this.pending.split('\n');
    this.pending = lines.pop() ?? '';
    if (this.pending.length > 256) this.pending = '';
    for (const raw of lines) {
      const word = raw.trim().toLowerCase();
      if (word === '') continue;
      if (WORDS.has(word)) this.press(word as ButtonWord);
      else this.logger.warn({ path: this.path, input: raw.slice(0, 40) }, 'simulated buttons: expected up, down or mid');
    }
  }
}

async function ensureFifo(file: string): Promise<void> {
  try {
    const stat = await lstat(file);
    if (stat.isFIFO()) return;
    await rm(file, { force: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  await runTool('mkfifo', ['-m', '600', file], `mkfifo ${file}`);
}
