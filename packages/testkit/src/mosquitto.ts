import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { freePort, waitForPort } from './ports';
import { findExecutable } from './services';

export interface MosquittoOptions {
  /** Extra lines appended to the generated mosquitto.conf (e.g. password_file / acl_file). */
  extraConfig?: string[];
  /** Default true; false when the suite tests the ACL with password_file. */
  allowAnonymous?: boolean;
}

/**
 * A real mosquitto on a free port of 127.0.0.1, with its own config file, for one test suite.
 * `stop()` then `start()` restarts it on the same port (to test reconnects).
 */
export class MosquittoBroker {
  private child: ChildProcess | null = null;
  private output = '';

  private constructor(
    readonly port: number,
    readonly dir: string,
    private readonly options: MosquittoOptions,
  ) {}

  static async start(options: MosquittoOptions = {}): Promise<MosquittoBroker> {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'mapio-mosquitto-'));
    const broker = new MosquittoBroker(await freePort(), dir, options);
    await broker.start();
    return broker;
  }

  get url(): string {
    return `mqtt://127.0.0.1:${this.port}`;
  }

  get running(): boolean {
    return this.child !== null;
  }

  async start(): Promise<void> {
    if (this.child) return;
    const binary = findExecutable('mosquitto');
    if (!binary) throw new Error('mosquitto is not installed (apt-get install mosquitto)');
    const conf = path.join(this.dir, 'mosquitto.conf');
    await writeFile(
      conf,
      [
        `listener ${this.port} 127.0.0.1`,
        `allow_anonymous ${this.options.allowAnonymous === false ? 'false' : 'true'}`,
        'persistence false',
        'log_dest stdout',
        'log_type error',
        'log_type warning',
        ...(this.options.extraConfig ?? []),
        '',
      ].join('\n'),
    );
    const child = spawn(binary, ['-c', conf], { stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout?.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
    child.once('exit', () => {
      if (this.child === child) this.child = null;
    });
    this.child = child;
    try {
      await waitForPort(this.port, 10_000);
    } catch (error) {
      await this.stop();
      throw new Error(`mosquitto did not start on port ${this.port}: ${String(error)}\n${this.output}`, { cause: error });
    }
  }

  async stop(): Promise<void> {
    const child = this.child;
    if (!child) return;
    this.child = null;
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 3000);
    await exited;
    clearTimeout(timer);
  }

  async destroy(): Promise<void> {
    await this.stop();
    await rm(this.dir, { recursive: true, force: true });
  }
}
