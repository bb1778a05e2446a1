import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { freePort, waitForPort } from './ports';
import { ServiceProcess, startOrDestroy } from './service-process';
import { findExecutable } from './services';

/**
 * A real Docker registry (Debian's docker-registry, distribution 2.8) on a free port of 127.0.0.1,
 * storing into a temporary directory. Docker trusts 127.0.0.0/8 registries over plain HTTP, so
 * `127.0.0.1:<port>/demo/app:latest` can be pushed and pulled without TLS.
 */
export class LocalRegistry {
  private readonly process = new ServiceProcess();

  private constructor(
    readonly port: number,
    readonly dir: string,
  ) {}

  static async start(): Promise<LocalRegistry> {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'mapio-registry-'));
    return startOrDestroy(new LocalRegistry(await freePort(), dir));
  }

  /** `127.0.0.1:<port>`: prefix of the image references this registry serves. */
  get address(): string {
    return `127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    if (this.process.running) return;
    const binary = findExecutable('docker-registry');
    if (!binary) throw new Error('docker-registry is not installed (apt-get install docker-registry)');
    const config = path.join(this.dir, 'config.yml');
    await writeFile(
      config,
      [
        'version: 0.1',
        'log:',
        '  level: warn',
        'storage:',
        '  filesystem:',
        `    rootdirectory: ${path.join(this.dir, 'storage')}`,
        '  delete:',
        '    enabled: true',
        'http:',
        `  addr: 127.0.0.1:${this.port}`,
        '',
      ].join('\n'),
    );
    this.process.start(binary, ['serve', config]);
    try {
      await waitForPort(this.port, 10_000);
    } catch (error) {
      await this.stop();
      throw new Error(`docker-registry did not start on ${this.address}: ${String(error)}\n${this.process.output}`, { cause: error });
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
