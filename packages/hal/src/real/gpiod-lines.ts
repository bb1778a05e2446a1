import { spawn, type ChildProcess } from 'node:child_process';
import { HalError, monotonicMs, type Bit, type EdgeEvent, type EdgeSelection, type GpioInput, type GpioOutput } from '../gpio';
import type { HalLogger } from '../hardware';
import {
  gpiogetArgs,
  gpiomonArgs,
  gpiosetHoldArgs,
  gpiosetInteractiveCommand,
  parseGpioget,
  parseGpiodVersion,
  parseGpiomonLine,
  type GpiodMajor,
} from './gpiod-cli';
import { runTool } from './run-tool';

/** The libgpiod programs to run (their names on PATH on the board; tests may point elsewhere). */
export interface GpiodTools {
  gpioget: string;
  gpioset: string;
  gpiomon: string;
}
export const GPIOD_TOOLS: GpiodTools = { gpioget: 'gpioget', gpioset: 'gpioset', gpiomon: 'gpiomon' };

/** Finds which libgpiod tools are installed (once per process). */
export async function detectGpiod(): Promise<GpiodMajor> {
  return parseGpiodVersion(await runTool('gpioget', ['--version'], 'libgpiod tools unavailable: gpioget --version'));
}

/**
 * An input line of the GPIO character device: gpioget to read, a gpiomon child to watch edges.
 * The kernel lets one request hold a line: while gpiomon watches it, gpioget fails with EBUSY. So
 * the level is read once before watching starts and then follows the edges gpiomon reports.
 */
export class GpiodInputLine implements GpioInput {
  private monitor: ChildProcess | null = null;
  private monitorStarting: Promise<void> | null = null;
  /** The level while monitored (null when not monitored or its first read failed). */
  private level: Bit | null = null;
  private readonly listeners = new Set<{ edges: EdgeSelection; listener: (event: EdgeEvent) => void }>();
  private closed = false;

  constructor(
    readonly name: string,
    private readonly chip: string,
    private readonly line: number,
    private readonly major: GpiodMajor,
    private readonly logger: HalLogger,
    private readonly tools: GpiodTools = GPIOD_TOOLS,
  ) {}

  async read(): Promise<Bit> {
    if (this.monitorStarting) await this.monitorStarting;
    if (this.monitor && this.level !== null) return this.level;
    return this.readWithGpioget();
  }

  private async readWithGpioget(): Promise<Bit> {
    const source = `${this.name} (${this.chip} line ${this.line})`;
    const stdout = await runTool(this.tools.gpioget, gpiogetArgs(this.major, this.chip, this.line), `${source}: gpioget`);
    return parseGpioget(stdout, source);
  }

  watch(edges: EdgeSelection, listener: (event: EdgeEvent) => void): () => void {
    const entry = { edges, listener };
    this.listeners.add(entry);
    this.ensureMonitor();
    return () => {
      this.listeners.delete(entry);
      if (this.listeners.size === 0) this.stopMonitor();
    };
  }

  async close(): Promise<void> {
    this.closed = true;
    this.listeners.clear();
    this.stopMonitor();
  }

  /** Reads the level, then monitors both edges (listeners filter); restarted if gpiomon dies. */
  private ensureMonitor(): void {
    if (this.monitor || this.monitorStarting || this.closed) return;
    const starting = this.readWithGpioget()
      .then(
        (level) => {
          this.level = level;
        },
        (error: Error) => {
          this.level = null;
          this.logger.warn({ line: this.name, err: error.message }, 'cannot read the line before watching it');
        },
      )
      .then(() => {
        if (this.monitorStarting === starting) this.monitorStarting = null;
        if (!this.closed && this.listeners.size > 0) this.spawnMonitor();
      });
    this.monitorStarting = starting;
  }

  private spawnMonitor(): void {
    const child = spawn(this.tools.gpiomon, gpiomonArgs(this.major, this.chip, this.line, 'both'), {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.monitor = child;
    let pending = '';
    let stderr = '';
    child.stdout?.setEncoding('utf8');
    child.stdout?.on('data', (chunk: string) => {
      pending += chunk;
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const text of lines) this.onEventLine(text);
    });
    child.stderr?.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-500)));
    child.on('error', (error) => this.logger.warn({ line: this.name, err: error.message }, 'gpiomon failed to start'));
    child.on('exit', (code, signal) => {
      if (this.monitor !== child) return;
      this.monitor = null;
      this.level = null;
      if (this.closed || this.listeners.size === 0) return;
      this.logger.warn({ line: this.name, code, signal, stderr: stderr.trim() }, 'gpiomon exited: restarting in 1 s');
      setTimeout(() => this.ensureMonitor(), 1000).unref();
    });
  }

  private onEventLine(text: string): void {
    const event = parseGpiomonLine(text);
    if (!event) {
      if (text.trim() !== '') this.logger.debug({ line: this.name, output: text.slice(0, 80) }, 'gpiomon: ignored line');
      return;
    }
    const edge: EdgeEvent = { edge: event.edge, atMs: monotonicMs() };
    this.level = edge.edge === 'rising' ? 1 : 0;
    for (const { edges, listener } of this.listeners) {
      if (edges === 'both' || edges === edge.edge) listener(edge);
    }
  }

  private stopMonitor(): void {
    const child = this.monitor;
    this.monitor = null;
    this.level = null;
    child?.kill('SIGTERM');
  }
}

/**
 * An output line of the GPIO character device, held by a gpioset process for as long as we own it
 * (the kernel may revert a released line). The level is remembered: reading an output back with
 * gpioget would turn it into an input.
 */
export class GpiodOutputLine implements GpioOutput {
  private holder: ChildProcess | null = null;
  private level: Bit | null = null;

  constructor(
    readonly name: string,
    private readonly chip: string,
    private readonly line: number,
    private readonly major: GpiodMajor,
    private readonly logger: HalLogger,
    private readonly tools: GpiodTools = GPIOD_TOOLS,
  ) {}

  async write(value: Bit): Promise<void> {
    if (this.major === 2 && this.holder?.stdin?.writable) {
      this.holder.stdin.write(gpiosetInteractiveCommand(this.line, value));
    } else {
      await this.stopHolder();
      await this.startHolder(value);
    }
    this.level = value;
  }

  async read(): Promise<Bit> {
    if (this.level === null) throw new HalError(`${this.name}: output not written yet, its level is unknown`);
    return this.level;
  }

  async close(): Promise<void> {
    await this.stopHolder();
  }

  private async startHolder(value: Bit): Promise<void> {
    const child = spawn(this.tools.gpioset, gpiosetHoldArgs(this.major, this.chip, this.line, value), {
      stdio: [this.major === 2 ? 'pipe' : 'ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    child.stderr?.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-500)));
    // gpioset exits at once when it cannot get the line; give it a moment to fail.
    const failure = await new Promise<Error | null>((resolve) => {
      const timer = setTimeout(() => resolve(null), 50);
      child.once('error', (error) => {
        clearTimeout(timer);
        resolve(error);
      });
      child.once('exit', (code) => {
        clearTimeout(timer);
        resolve(new Error(`gpioset exited with code ${code}: ${stderr.trim()}`));
      });
    });
    if (failure) throw new HalError(`${this.name} (${this.chip} line ${this.line}): ${failure.message}`);
    child.once('exit', (code, signal) => {
      if (this.holder === child) {
        this.holder = null;
        this.logger.warn({ line: this.name, code, signal, stderr: stderr.trim() }, 'gpioset holder exited: line released');
      }
    });
    this.holder = child;
  }

  private async stopHolder(): Promise<void> {
    const child = this.holder;
    this.holder = null;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    await new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.kill('SIGTERM');
    });
  }
}
