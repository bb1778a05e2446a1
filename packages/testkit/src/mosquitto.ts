import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { freePort, waitForPort } from './ports';
import { ServiceProcess, startOrDestroy } from './service-process';
import { findExecutable } from './services';

export interface MosquittoOptions {
  /** Extra lines appended to the generated mosquitto.conf (e.g. password_file / acl_file). */
  extraConfig?: string[];
  /** Default true; false when the suite tests the ACL with password_file. */
  allowAnonymous?: boolean;
  /** A given port (the simulator prefers 1883) instead of a free one. */
  port?: number;
  /**
   * Its own process group (the simulator and the benches): a Ctrl-C in the terminal reaches only
   * the script, which then stops the broker after the daemons that use it.
   */
  ownProcessGroup?: boolean;
}

/**
 * A real mosquitto on a free port of 127.0.0.1, with its own config file, for one test suite.
 * `stop()` then `start()` restarts it on the same port (to test reconnects).
 */
export class MosquittoBroker {
  private readonly process = new ServiceProcess();

  private constructor(
    readonly port: number,
    readonly dir: string,
    private readonly options: MosquittoOptions,
  ) {}

  static async start(options: MosquittoOptions = {}): Promise<MosquittoBroker> {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'mapio-mosquitto-'));
    return startOrDestroy(new MosquittoBroker(options.port ?? (await freePort()), dir, options));
  }

  get url(): string {
    return `mqtt://127.0.0.1:${this.port}`;
  }

  get running(): boolean {
    return this.process.running;
  }

  async start(): Promise<void> {
    if (this.process.running) return;
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
    this.process.start(binary, ['-c', conf], process.env, { detached: this.options.ownProcessGroup === true });
    try {
      await waitForPort(this.port, 10_000);
    } catch (error) {
      await this.stop();
      throw new Error(`mosquitto did not start on port ${this.port}: ${String(error)}\n${this.process.output}`, { cause: error });
    }
  }

  async stop(): Promise<void> {
    await this.process.stop();
  }

  async destroy(): Promise<void> {
    await this.stop();
    await rm(this.dir, { recursive: true, force: true });
  }
}
